using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.Syntax;

/// <summary>Files BuildKit refuses to build (issue 15): an unknown keyword fails the file, it is never edited.</summary>
public sealed class InstructionRulesTests
{
    // The real case: a comment line that lost its '#', between two instructions.
    private const string LostHash =
        "FROM python:3.12-slim\n# install the app\n before installing runtime dependencies so the\nRUN pip install --no-cache-dir flask\n";

    [Fact]
    public void Comment_line_without_hash_is_an_unknown_instruction()
    {
        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse(LostHash, "app/Dockerfile"));

        Assert.Equal("app/Dockerfile:3: unknown instruction 'before' (expected an instruction such as RUN or COPY; a comment line starts with #)", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("FROM a\nrun echo\nCopy a b\nmaintainer me\nStopSignal 9\nshell [\"sh\"]\nhealthcheck NONE\nonbuild run x\n")]
    [InlineData("# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN echo `\n  before `\n  after\n")]
    [InlineData("FROM a\nRUN echo \\\n# a comment inside the continuation\n before the end\n")]
    [InlineData("FROM a\nRUN <<EOF\nbefore installing\nEOF\nCOPY <<-X /f\n\tnot an instruction\n\tX\n")]
    [InlineData("ARG BASE=a\nFROM $BASE AS Build.1\nfrom build.1\n")]
    public void Known_keywords_in_any_case_and_text_that_is_no_instruction_are_accepted(string text) =>
        Assert.Equal(text, DockerfileParser.Parse(text).ToText());

    [Theory]
    [InlineData("FROM a\nRUNN echo\n", 2, "unknown instruction 'RUNN'")]
    [InlineData("FROM a\nONBUILD before you go\n", 2, "unknown instruction 'before'")]
    [InlineData("FROM a\nONBUILD ONBUILD RUN x\n", 2, "ONBUILD ONBUILD isn't allowed")]
    [InlineData("FROM a\nONBUILD FROM b\n", 2, "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("FROM a\nONBUILD maintainer me\n", 2, "MAINTAINER isn't allowed as an ONBUILD trigger")]
    [InlineData("FROM a b\n", 1, "FROM requires either one or three arguments")]
    [InlineData("FROM a TO b\n", 1, "FROM requires either one or three arguments")]
    [InlineData("FROM a AS 1st\n", 1, "invalid name for build stage: '1st'")]
    [InlineData("FROM a\nRUN x \\\n  y\n\u0001\u0002garbage here\n", 4, "unknown instruction '\\u0001\\u0002garbage'")]
    public void Refused_instructions_name_their_line(string text, int line, string problem)
    {
        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse(text, "df"));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"df:{line}: {problem}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parser_errors_come_before_instruction_errors_as_in_BuildKit()
    {
        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse("FROM a\nbefore\nENV X\n", "df"));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task ConfigurePip_fails_the_file_leaves_it_untouched_and_still_configures_the_others()
    {
        using var temp = new TempDirectory();
        var broken = temp.Write("worker/Dockerfile", LostHash);
        var good = temp.Write("api/Dockerfile", "FROM python:3.12-slim\nRUN pip install flask\n");
        var options = new ConfigurePipOptions { Dockerfiles = [new(broken, temp.Path), new(good, temp.Path)], CacheMounts = CacheMountMode.On };

        var result = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        Assert.Equal(FileStatus.Failed, result.Files[0].Status);
        Assert.StartsWith($"{broken}:3: unknown instruction 'before'", result.Files[0].Error);
        Assert.Empty(result.Files[0].Changes);
        Assert.Equal(LostHash, await File.ReadAllTextAsync(broken));
        Assert.False(File.Exists(broken + ".bak"));
        Assert.Equal(FileStatus.Changed, result.Files[1].Status);
        Assert.Contains("--mount=type=cache", await File.ReadAllTextAsync(good));
        Assert.False(result.Success);
    }
}
