using CsCheck;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.Syntax;

/// <summary>
/// CsCheck generators of Dockerfiles BuildKit accepts (instructions in any keyword case, continuations with comment
/// lines inside, heredocs, JSON forms, flags, comments, blank lines, CRLF, the escape directive) and of mutations
/// of them (deleted, duplicated and swapped characters, binary garbage, huge lines).
/// </summary>
internal static class DockerfileGen
{
    private static readonly Gen<string> Word = Gen.OneOf("flask", "torch==2.5.1", "-r", "requirements.txt", "numpy", "/app", "$HOME", "\"a b\"",
        "'x y'", "${PY:-3.11}", "&&", "||", ";", "|", "2>&1", ">/dev/null", "--no-cache-dir", "--frozen", "-e", ".", "\\$x", "#notcomment");

    private static readonly Gen<string> Command = Gen.OneOf(
        Gen.Const("pip install"), Gen.Const("pip3 install --no-cache-dir"), Gen.Const("python -m pip install -U"),
        Gen.Const("uv sync"), Gen.Const("uv pip install --system --no-cache"), Gen.Const("apt-get install -y"),
        Gen.Const("sh -c 'uv tool install ruff'"), Gen.Const("eval \"$(micromamba shell hook -s bash)\" && micromamba activate && uv add"),
        Gen.Const("micromamba run -n base uv sync"), Gen.Const("echo"), Gen.Const("cd /app &&"));

    private static readonly Gen<string> Shell =
        Gen.Select(Command, Word.Array[0, 6], (c, w) => string.Join(" ", [c, .. w]));

    private static Gen<string> Keyword(string keyword) =>
        Gen.OneOf(keyword, keyword.ToLowerInvariant(), char.ToUpperInvariant(keyword[0]) + keyword[1..].ToLowerInvariant());

    private static Gen<string> Instruction(char escape, string eol) => Gen.OneOf(
        Gen.Select(Keyword("FROM"), Gen.OneOf("", "--platform=linux/amd64 "), Gen.OneOf("python:3.12-slim", "mambaorg/micromamba:1.5", "${BASE}", "build", "scratch"),
            Gen.OneOf("", " AS build", " as app"), (k, f, i, a) => $"{k} {f}{i}{a}{eol}"),
        Gen.Select(Keyword("RUN"), Gen.OneOf("", "--mount=type=cache,target=/root/.cache/pip ", "--network=host "), Shell,
            (k, f, s) => $"{k} {f}{s}{eol}"),
        Gen.Select(Keyword("RUN"), Shell, Shell, Gen.Bool, (k, a, b, comment) =>
            $"{k} {a} {escape}{eol}{(comment ? "# inside the continuation" + eol : "")}    && {b}{eol}"),
        Gen.Select(Keyword("RUN"), Shell, Gen.OneOf("EOF", "'END'", "-EOT"), (k, s, d) =>
            $"{k} <<{d}{eol}{s}{eol}before installing{eol}{(d == "-EOT" ? "\t" : "")}{d.Trim('\'', '-')}{eol}"),
        Gen.Select(Keyword("RUN"), Gen.OneOf("[\"pip\", \"install\", \"x\"]", "[\"uv\", \"sync\"]", "[ ]"), (k, j) => $"{k} {j}{eol}"),
        Gen.Select(Keyword("COPY"), Gen.OneOf("", "--from=build ", "--chown=1000:1000 "), Gen.OneOf("requirements.txt /app/", ". .", "[\"a\", \"b/\"]"),
            (k, f, a) => $"{k} {f}{a}{eol}"),
        Gen.Select(Keyword("COPY"), Gen.Const(0), (k, _) => $"{k} <<X /etc/pip.conf{eol}[global]{eol}index-url = https://pypi.org/simple{eol}X{eol}"),
        Gen.Select(Keyword("ENV"), Gen.OneOf("PIP_NO_CACHE_DIR=1", "PIP_PARALLEL_BUILDS=4 HTTP_TIMEOUT=60", "A=\"x y\" B=2",
            "UV_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu", "PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu",
            "PIP_DEFAULT_TIMEOUT 100", "UV_NO_CACHE=1", $"X=1 {escape}{eol}    Y=2"), (k, v) => $"{k} {v}{eol}"),
        Gen.Select(Keyword("ARG"), Gen.OneOf("BASE=python:3.11", "PY", "UV_INDEX_URL=https://pypi.org/simple", "A=1 B"), (k, v) => $"{k} {v}{eol}"),
        Gen.Select(Keyword("LABEL"), Gen.Const(0), (k, _) => $"{k} a=b \"c d\"=e{eol}"),
        Gen.Select(Gen.OneOf("WORKDIR /app", "USER app", "USER root", "EXPOSE 80 443", "CMD [\"python\"]", "ENTRYPOINT python -m app",
            "HEALTHCHECK CMD curl -f http://localhost/", "ONBUILD RUN pip install x", "SHELL [\"/bin/bash\", \"-c\"]", "STOPSIGNAL SIGTERM",
            "VOLUME /data", "MAINTAINER me"), Gen.Const(0), (i, _) => i + eol),
        Gen.OneOf(Gen.Const("# a comment" + eol), Gen.Const(eol), Gen.Const("   " + eol), Gen.Const("\t# indented comment" + eol)));

    /// <summary>A Dockerfile BuildKit parses.</summary>
    public static readonly Gen<string> Valid =
        Gen.Select(Gen.OneOf('\\', '`'), Gen.OneOf("\n", "\r\n"), Gen.Int[0, 3], Gen.Bool, (escape, eol, directives, bom) => (escape, eol, directives, bom))
            .SelectMany(h => Instruction(h.escape, h.eol).Array[1, 14].Select(body =>
            {
                var header = (h.bom ? "\uFEFF" : "")
                    + (h.directives >= 2 ? "# syntax=docker/dockerfile:1" + h.eol : "")
                    + (h.escape == '`' || h.directives >= 1 ? $"# escape={h.escape}" + h.eol : "")
                    + (h.directives == 3 ? "# check=skip=all" + h.eol : "");
                return header + $"ARG BASE=python:3.12{h.eol}FROM python:3.12-slim AS build{h.eol}" + string.Concat(body);
            }));

    /// <summary>A valid Dockerfile changed by one to three mutations.</summary>
    public static readonly Gen<string> Mutated =
        TextMutations.Mutated(Valid, "RUN pip install ", "# ", "ENV A=", "x", "RUN <<EOF ");
}
