using Pipeline.Python.Locks;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Locks;

public class RequirementsParserTests
{
    [Fact]
    public void Parses_pins_hashes_markers_options_and_continuations()
    {
        const string text = """
            --index-url https://pypi.org/simple
            --extra-index-url=https://download.pytorch.org/whl/cpu
            --trusted-host example.org
            # source: https://download.pytorch.org/whl/cpu
            torch==2.5.1+cpu \
                --hash=sha256:aa11 \
                --hash=sha256:bb22
            uvicorn[standard]==0.38.0  # comment
            pywin32==306 ; sys_platform == "win32"
            huggingface-hub>=0.19.0,<1.0.0
            pkg @ https://example.org/pkg-1.0.tar.gz#egg=pkg
            """;

        var file = RequirementsParser.Parse(text, "req.txt");

        Assert.Equal("https://pypi.org/simple", file.IndexUrl);
        Assert.Equal(["https://download.pytorch.org/whl/cpu"], file.ExtraIndexUrls);
        Assert.Equal(["--trusted-host example.org"], file.OtherOptions);
        var torch = file.Requirements[0];
        Assert.Equal(("torch", "2.5.1+cpu", 5), (torch.Name, torch.PinnedVersion, torch.Line));
        Assert.Equal(["aa11", "bb22"], torch.Hashes);
        Assert.Equal("https://download.pytorch.org/whl/cpu", torch.SourceComment);
        Assert.Equal(["standard"], file.Requirements[1].Extras);
        Assert.Equal("sys_platform == \"win32\"", file.Requirements[2].Marker);
        Assert.Null(file.Requirements[3].PinnedVersion);
        Assert.Equal("https://example.org/pkg-1.0.tar.gz#egg=pkg", file.Requirements[4].Url);
    }

    [Theory]
    [InlineData("fastapi==0.1\nnot a requirement!\n", 2)]
    [InlineData("fastapi==0.1\n\n--index-url\n", 3)]
    [InlineData("torch==2.5.1 ; sys_platform = 'linux'\n", 1)]
    [InlineData("a==1\nb==2 \\\n  --no-binary x\n", 2)]
    public void Bad_line_is_one_error_with_file_and_line(string text, int line)
    {
        var e = Assert.Throws<PythonInputException>(() => RequirementsParser.Parse(text, "svc/requirements.txt"));

        Assert.Equal(line, e.Line);
        Assert.StartsWith($"svc/requirements.txt:{line}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [FixtureFact]
    public void Every_seed_stack_requirements_file_parses()
    {
        var files = Directory.GetFiles(RepoPaths.Fixture("seed-stack"), "requirements.*.txt", SearchOption.AllDirectories);

        Assert.Equal(9, files.Length);
        foreach (var f in files)
            Assert.NotEmpty(RequirementsParser.Parse(File.ReadAllText(f), f).Requirements);
    }

    [Fact]
    public void A_comment_line_ending_in_a_backslash_does_not_swallow_the_next_requirement()
    {
        // pip: a line starting with '#' is a comment and is never continued.
        var file = RequirementsParser.Parse("fastapi==0.1\n# note \\\ntorch==2.5.1\n", "req.txt");

        var torch = Assert.Single(file.Requirements, r => r.Name == "torch");
        Assert.Equal(("2.5.1", 3), (torch.PinnedVersion, torch.Line));
    }
}
