using Pipeline.Dockerfiles.Syntax;

namespace Pipeline.Dockerfiles.Tests.Syntax;

public sealed class ParserFeatureTests
{
    [Fact]
    public void Heredocs_are_read_with_their_bodies()
    {
        var text = "FROM a\nRUN <<EOF\npip install --no-cache-dir x\nEOF\nCOPY <<-'ONE' /one <<TWO /two\n\tfirst $X\n\tONE\nsecond\nTWO\nRUN echo done\n";

        var document = DockerfileParser.Parse(text);

        var run = document.Instructions[1];
        Assert.Equal("EOF", Assert.Single(run.Heredocs).Name);
        Assert.Equal("pip install --no-cache-dir x\n", run.Heredocs[0].Content);
        Assert.True(run.Heredocs[0].Expand);
        var copy = document.Instructions[2];
        Assert.Equal(["ONE", "TWO"], copy.Heredocs.Select(h => h.Name));
        Assert.True(copy.Heredocs[0].Chomp);
        Assert.False(copy.Heredocs[0].Expand);
        Assert.True(copy.Heredocs[1].Expand);
        Assert.Equal("\tfirst $X\n", copy.Heredocs[0].Content);
        Assert.Equal((5, 9), (copy.StartLine, copy.EndLine));
        Assert.Equal("RUN", document.Instructions[3].Command);
        Assert.Equal(4, document.Instructions.Count);
        Assert.Equal(text, document.ToText());
    }

    [Fact]
    public void Heredoc_is_ignored_in_json_form_and_on_other_keywords()
    {
        var document = DockerfileParser.Parse("FROM a\nRUN [\"sh\", \"<<EOF\"]\nENV X <<EOF\nCMD echo\n");

        Assert.All(document.Instructions, i => Assert.Empty(i.Heredocs));
        Assert.Equal(4, document.Instructions.Count);
    }

    [Fact]
    public void Unterminated_heredoc_names_its_line()
    {
        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse("FROM a\n\nRUN cat <<END\nbody\n", "df"));

        Assert.Equal("df", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("unterminated heredoc", error.Message);
    }

    [Fact]
    public void Backtick_escape_continues_lines_and_keeps_backslashes()
    {
        var text = "# escape=`\r\nFROM mcr.microsoft.com/windows\r\nRUN dir C:\\ `\r\n    && echo hi\r\nCOPY a.txt C:\\app\\\r\n";

        var document = DockerfileParser.Parse(text);

        Assert.Equal('`', document.Directives.EscapeToken);
        Assert.Equal("(run \"dir C:\\\\     && echo hi\")", "(" + BuildKitDump.Render(document.Instructions[1]) + ")");
        Assert.Equal(["a.txt", "C:\\app\\"], document.Instructions[2].Arguments);
        Assert.Equal(text, document.ToText());
    }

    [Fact]
    public void Directives_count_only_at_the_top()
    {
        var late = DockerfileParser.Parse("FROM a\n# escape=`\nRUN a \\\n b\n");
        var afterComment = DockerfileParser.Parse("# hello\n# escape=`\nFROM a\n");
        var top = DockerfileParser.Parse("# syntax=docker/dockerfile:1.7\n#check=error=true\n# escape=`\nFROM a\n");

        Assert.Equal('\\', late.Directives.EscapeToken);
        Assert.Equal("a  b", late.Instructions[1].Arguments[0]);
        Assert.Equal('\\', afterComment.Directives.EscapeToken);
        Assert.Equal("docker/dockerfile:1.7", top.Directives.Syntax);
        Assert.Equal("error=true", top.Directives.Check);
        Assert.Equal('`', top.Directives.EscapeToken);
    }

    [Fact]
    public void Invalid_escape_directive_is_an_error()
    {
        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse("# escape=x\nFROM a\n", "df"));

        Assert.Equal(1, error.Line);
        Assert.Contains("invalid escape token", error.Message);
    }

    [Fact]
    public void Crlf_file_keeps_its_line_endings_and_parses_like_lf()
    {
        var lf = "FROM a\nRUN pip install \\\n    -r r.txt\nENV A=1 \\\n    B=2\n";
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        var a = DockerfileParser.Parse(lf);
        var b = DockerfileParser.Parse(crlf);

        Assert.Equal(a.ToBuildKitDump(), b.ToBuildKitDump());
        Assert.Equal(crlf, b.ToText());
        Assert.Equal("\r\n", b.LineEnding);
        Assert.Equal("\n", a.LineEnding);
    }

    [Fact]
    public void Multi_stage_builds_are_split_into_named_stages()
    {
        var document = DockerfileParser.Parse("ARG V=3.12\nFROM python:${V}-slim AS builder\nRUN pip install x\nFROM builder as test\nRUN true\nFROM python:${V}-slim\nCOPY --from=builder /a /a\n");

        Assert.Equal(["builder", "test", null], document.Stages.Select(s => s.Name));
        Assert.Equal(["python:${V}-slim", "builder", "python:${V}-slim"], document.Stages.Select(s => s.BaseImage));
        Assert.Equal("#2", document.Stages[2].Label);
        Assert.Equal(["builder"], document.Stages[2].Instructions[0].FlagValues("from"));
        Assert.Single(document.Stages[0].Instructions);
    }

    [Fact]
    public void Flags_and_arguments_are_separated()
    {
        var document = DockerfileParser.Parse("FROM a\nRUN --mount=type=cache,target=/root/.cache/pip --network=host pip install x\n");

        var run = document.Instructions[1];
        Assert.Equal(["--mount=type=cache,target=/root/.cache/pip", "--network=host"], run.Flags);
        Assert.Equal("pip install x", run.ArgumentText);
        Assert.Equal("RUN", run.Logical.Text[..run.KeywordEnd]);
    }

    [Fact]
    public void Arg_and_env_forms()
    {
        var document = DockerfileParser.Parse("FROM a\nARG A\nARG B=1 C=\"x y\"\nENV D 1 2\nENV E=1 F=\"a b\"\n");

        Assert.Equal(["A"], document.Instructions[1].Arguments);
        Assert.Equal(["B=1", "C=\"x y\""], document.Instructions[2].Arguments);
        Assert.Equal([KeyValuePair.Create("D", "1 2")], document.Instructions[3].KeyValues);
        Assert.Equal([KeyValuePair.Create("E", "1"), KeyValuePair.Create("F", "\"a b\"")], document.Instructions[4].KeyValues);
    }

    [Fact]
    public void Logical_text_maps_back_to_raw_offsets()
    {
        var document = DockerfileParser.Parse("FROM a\n  RUN pip \\\n  # note\n\n    install x\n");

        var run = document.Instructions[1];
        var at = run.Logical.Text.IndexOf("install", StringComparison.Ordinal);
        Assert.Equal("install", run.Raw.Substring(run.Logical.ToRaw(at), 7));
        Assert.Equal("RUN pip     install x", run.Logical.Text);
    }
}
