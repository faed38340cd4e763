using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.Syntax;

/// <summary>BuildKit's own golden parser cases, read in place from the shared fixtures.</summary>
public sealed class BuildKitConformanceTests
{
    public static TheoryData<string> PositiveCases() =>
        new(Directory.GetDirectories(RepoPaths.Fixture("buildkit-parser", "testfiles")).Select(Path.GetFileName).Order().Cast<string>());

    public static TheoryData<string> NegativeCases() =>
        new(Directory.GetDirectories(RepoPaths.Fixture("buildkit-parser", "testfiles-negative")).Select(Path.GetFileName).Order().Cast<string>());

    [FixtureFact]
    public void Suite_has_all_cases()
    {
        Assert.Equal(33, PositiveCases().Count);
        Assert.Equal(4, NegativeCases().Count);
    }

    [FixtureTheory]
    [MemberData(nameof(PositiveCases))]
    public void Dump_matches_BuildKit_result(string name)
    {
        var folder = RepoPaths.Fixture("buildkit-parser", "testfiles", name);
        var text = File.ReadAllText(Path.Combine(folder, "Dockerfile"));
        var expected = File.ReadAllText(Path.Combine(folder, "result"));

        var document = DockerfileParser.Parse(text, name);

        Assert.Equal(expected, document.ToBuildKitDump());
        Assert.Equal(text, document.ToText());
    }

    [FixtureTheory]
    [MemberData(nameof(NegativeCases))]
    public void Invalid_file_is_rejected_with_its_line(string name)
    {
        var path = RepoPaths.Fixture("buildkit-parser", "testfiles-negative", name, "Dockerfile");
        var text = File.ReadAllText(path);

        var error = Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse(text, path));

        Assert.StartsWith($"{path}:{error.Line}: ", error.Message);
        Assert.True(error.Line >= 1);
        Assert.DoesNotContain('\n', error.Message);
    }

    [FixtureFact]
    public void Negative_cases_name_the_offending_line()
    {
        string Problem(string name) => Assert.Throws<DockerfileParseException>(() =>
            DockerfileParser.Parse(File.ReadAllText(RepoPaths.Fixture("buildkit-parser", "testfiles-negative", name, "Dockerfile")), name)).Message;

        Assert.StartsWith("env_no_value:3: ENV must have two arguments", Problem("env_no_value"));
        Assert.StartsWith("shykes-nested-json:1: when using JSON array syntax", Problem("shykes-nested-json"));
        Assert.Contains("file with no instructions", Problem("only_comments"));
        Assert.Contains("file with no instructions", Problem("empty_dockerfile"));
    }

    [FixtureFact]
    public void Instructions_span_their_lines()
    {
        var document = DockerfileParser.Parse(File.ReadAllText(RepoPaths.Fixture("buildkit-parser", "testfile-line", "Dockerfile")));

        var spans = document.Instructions.Select(i => (i.StartLine, i.EndLine)).ToArray();

        Assert.Equal([(5, 5), (11, 12), (17, 31)], spans);
    }
}
