using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.ConfigurePip.Planning;
using Pipeline.Dockerfiles.Editing;
using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Dockerfiles.Tests.Syntax;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>The planner on the parser's stress Dockerfiles: the rewrite parses again and a second plan changes nothing.</summary>
public sealed class StressRewriteTests
{
    [Theory]
    [InlineData(1, CacheMountMode.On)]
    [InlineData(2, CacheMountMode.On)]
    [InlineData(3, CacheMountMode.Off)]
    public void Generated_Dockerfiles_rewrite_to_parsable_fixed_points(int seed, CacheMountMode mode)
    {
        var options = new ConfigurePipOptions { Dockerfiles = [], CacheMounts = mode };
        var random = new Random(seed);
        var planned = 0;
        for (var i = 0; i < 200; i++)
        {
            var text = WithPipStep(StressDockerfile.Generate(random));
            DockerfileDocument document;
            try
            {
                document = DockerfileParser.Parse(text);
            }
            catch (DockerfileParseException)
            {
                continue; // invalid on purpose; the parser tests cover these
            }
            var once = Rewrite(document, options);
            if (once != text)
                planned++;

            var reparsed = DockerfileParser.Parse(once, $"seed{seed}-case{i}");
            Assert.True(once == Rewrite(reparsed, options), $"case {i} is not a fixed point:\n{text}\n---\n{once}");
        }
        Assert.True(planned > 100, $"only {planned} generated files were rewritten");
    }

    /// <summary>
    /// The generator's words seldom form a pip install: append one (with a dead setting beside a comment line in a
    /// continuation) in the file's own escape and line ending, so every case has something to rewrite.
    /// </summary>
    private static string WithPipStep(string text)
    {
        var escape = text.Contains("# escape=`", StringComparison.Ordinal) ? '`' : '\\';
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var end = text.EndsWith('\n') ? "" : newline;
        return text + end + $"ENV HTTP_TIMEOUT=1 {escape}{newline}  # comment{newline}  A=2{newline}RUN pip install --no-cache-dir {escape}{newline}    torch flask{newline}";
    }

    private static string Rewrite(DockerfileDocument document, ConfigurePipOptions options)
    {
        var plan = PipRewritePlanner.Plan(document, "Dockerfile", PipStageAnalysis.Analyze(document), _ => null, options);
        return TextEdit.Apply(document.ToText(), plan.Edits);
    }
}
