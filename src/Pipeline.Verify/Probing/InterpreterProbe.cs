using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Verify.Engine;

namespace Pipeline.Verify.Probing;

/// <summary>A place an image's Python may be.</summary>
/// <param name="Path">An absolute path, a name looked up on the image's <c>PATH</c>, or a glob (<see cref="IsPattern"/>).</param>
/// <param name="Origin">Why it is a candidate, for the report (<c>entrypoint</c>, <c>MAMBA_ROOT_PREFIX</c>, <c>PATH</c>).</param>
/// <param name="IsPattern">True when <see cref="Path"/> is a shell glob (<c>/opt/conda/envs/*/bin/python</c>).</param>
public sealed record InterpreterCandidate(string Path, string Origin, bool IsPattern = false);

/// <summary>The interpreter a probe ran with.</summary>
/// <param name="Path">Its path in the image.</param>
/// <param name="Origin">How it was found (<see cref="InterpreterCandidate.Origin"/>).</param>
public sealed record ProbedInterpreter(string Path, string Origin)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path} ({Origin})";
}

/// <summary>
/// Finds the Python an image really runs, so checks read the packages of that environment and not those of
/// whichever <c>python3</c> happens to be first on <c>PATH</c>: micromamba and conda images keep the environment's
/// Python under a prefix (<c>/opt/conda/envs/app/bin/python</c>) that only their entrypoint's activation puts on
/// <c>PATH</c>; uv images run <c>/app/.venv/bin/python</c>. Candidates, first that runs wins: a Python named by the
/// image's ENTRYPOINT/CMD, the prefix its environment names (<c>VIRTUAL_ENV</c>, <c>CONDA_PREFIX</c>,
/// <c>MAMBA_ROOT_PREFIX</c> with <c>ENV_NAME</c>), a Python the ENTRYPOINT/CMD names by name (looked up on the image's
/// <c>PATH</c>), the usual conda and venv prefixes, then <c>python3</c> and <c>python</c> on <c>PATH</c>.
/// </summary>
internal static partial class InterpreterProbe
{
    /// <summary>The output line that names the interpreter (<c># interpreter: /path (origin)</c>).</summary>
    public const string InterpreterLinePrefix = "# interpreter: ";

    /// <summary>What the output line says when no candidate runs.</summary>
    public const string NoInterpreter = "none";

    /// <summary>The candidates for an image (<see cref="Candidates(IReadOnlyList{string}, IReadOnlyList{string}, IReadOnlyDictionary{string, string})"/>).</summary>
    public static IReadOnlyList<InterpreterCandidate> Candidates(ImageFacts image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Candidates(image.Entrypoint, image.Command, image.Environment);
    }

    /// <summary>The candidates, most telling first, for an image with this ENTRYPOINT, CMD and environment.</summary>
    public static IReadOnlyList<InterpreterCandidate> Candidates(
        IReadOnlyList<string> entrypoint, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(entrypoint);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        var candidates = new List<InterpreterCandidate>();
        var named = new List<InterpreterCandidate>();
        foreach (var (words, origin) in new[] { (entrypoint, "entrypoint"), (command, "cmd") })
        {
            // Words of a shell string too: ["sh", "-c", "exec /opt/venv/bin/python -m app"].
            foreach (var token in words.SelectMany(w => Token().Matches(w)).Select(m => m.Value))
            {
                if (!PythonName().IsMatch(token[(token.LastIndexOf('/') + 1)..])) continue;
                if (token.StartsWith('/')) candidates.Add(new InterpreterCandidate(token, origin));
                else named.Add(new InterpreterCandidate(token, origin + ", on PATH"));
            }
        }
        string? Variable(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value.TrimEnd('/') : null;
        if (Variable("VIRTUAL_ENV") is { } venv) candidates.Add(new InterpreterCandidate(venv + "/bin/python", "VIRTUAL_ENV"));
        if (Variable("CONDA_PREFIX") is { } conda) candidates.Add(new InterpreterCandidate(conda + "/bin/python", "CONDA_PREFIX"));
        if (Variable("MAMBA_ROOT_PREFIX") is { } root)
        {
            // The micromamba images' activation: ENV_NAME (default base) picks the environment under the root prefix.
            if (Variable("ENV_NAME") is { } env && env != "base")
                candidates.Add(new InterpreterCandidate($"{root}/envs/{env}/bin/python", "MAMBA_ROOT_PREFIX, ENV_NAME"));
            candidates.Add(new InterpreterCandidate(root + "/bin/python", "MAMBA_ROOT_PREFIX"));
            candidates.Add(new InterpreterCandidate(root + "/envs/*/bin/python", "MAMBA_ROOT_PREFIX", IsPattern: true));
        }
        candidates.AddRange(named);
        candidates.Add(new InterpreterCandidate("/opt/conda/bin/python", "conda prefix"));
        candidates.Add(new InterpreterCandidate("/opt/conda/envs/*/bin/python", "conda environment", IsPattern: true));
        candidates.Add(new InterpreterCandidate("/app/.venv/bin/python", "project venv"));
        candidates.Add(new InterpreterCandidate("python3", "PATH"));
        candidates.Add(new InterpreterCandidate("python", "PATH"));
        return candidates.DistinctBy(c => c.Path).ToList();
    }

    /// <summary>
    /// A POSIX sh preamble that sets <c>PY</c> to the first candidate that runs (<c>PY_FROM</c> to its origin), or
    /// leaves it empty, and prints <c># interpreter: /path (origin)</c> or <c># interpreter: none</c>.
    /// </summary>
    public static string Preamble(IReadOnlyList<InterpreterCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var script = new StringBuilder("""
            PY=; PY_FROM=
            py_try() {
              [ -n "$PY" ] && return 0
              case "$1" in
                /*) [ -x "$1" ] || return 0; p=$1 ;;
                *) p=$(command -v "$1" 2>/dev/null) || return 0 ;;
              esac
              if "$p" -c 'import sys' >/dev/null 2>&1; then PY=$p; PY_FROM=$2; fi
              return 0
            }

            """);
        foreach (var candidate in candidates)
        {
            // A glob stays unquoted so the shell expands it; everything it cannot match is left as written and fails -x.
            if (candidate.IsPattern)
                script.Append($"for c in {GlobWord(candidate.Path)}; do py_try \"$c\" {Quote(candidate.Origin)}; done\n");
            else
                script.Append($"py_try {Quote(candidate.Path)} {Quote(candidate.Origin)}\n");
        }
        script.Append($"if [ -n \"$PY\" ]; then echo \"{InterpreterLinePrefix}$PY ($PY_FROM)\"; else echo \"{InterpreterLinePrefix}{NoInterpreter}\"; fi\n");
        return script.ToString();
    }

    /// <summary>The interpreter named in a probe's output, or null when none ran (or the line is missing).</summary>
    public static ProbedInterpreter? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith(InterpreterLinePrefix, StringComparison.Ordinal)) continue;
            var value = line[InterpreterLinePrefix.Length..];
            if (value == NoInterpreter) return null;
            var open = value.LastIndexOf(" (", StringComparison.Ordinal);
            return open > 0 && value.EndsWith(')')
                ? new ProbedInterpreter(value[..open], value[(open + 2)..^1])
                : new ProbedInterpreter(value, "");
        }
        return null;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // Quotes every character but the glob's '*', so a prefix with spaces or '$' stays literal.
    private static string GlobWord(string pattern) =>
        string.Join("*", pattern.Split('*').Select(part => part.Length == 0 ? "" : Quote(part)));

    [GeneratedRegex(@"[^\s;&|()'""`]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"^python(\d+(\.\d+)?)?$")]
    private static partial Regex PythonName();
}
