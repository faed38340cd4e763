using Pipeline.Python.Locks;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Locks;

// The grammar itself (lines, options, continuations, both modes) is tested in Pipeline.Packaging.Tests; these tests
// cover what the reader adds: marker checks, and errors as PythonInputException for the build summary.
public class RequirementsReaderTests
{
    [Fact]
    public void Reads_requirements_with_their_markers()
    {
        var file = RequirementsReader.Read("torch==2.5.1+cpu --hash=sha256:aa11\npywin32==306 ; sys_platform == \"win32\"\n", "req.txt");

        Assert.Equal(["torch", "pywin32"], file.Requirements.Select(r => r.Name));
        Assert.Equal("sys_platform == \"win32\"", file.Requirements[1].Marker);
    }

    [Theory]
    [InlineData("fastapi==0.1\nnot a requirement!\n", 2)]
    [InlineData("fastapi==0.1\n\n--index-url\n", 3)]
    [InlineData("torch==2.5.1 ; sys_platform = 'linux'\n", 1)]
    [InlineData("a==1\nb==2 ; python_version >>> '3'\n", 2)]
    [InlineData("a==1\nb==2 \\\n  --no-binary x\n", 2)]
    public void Bad_line_or_marker_is_one_error_with_file_and_line(string text, int line)
    {
        var e = Assert.Throws<PythonInputException>(() => RequirementsReader.Read(text, "svc/requirements.txt"));

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
            Assert.NotEmpty(RequirementsReader.Read(File.ReadAllText(f), f).Requirements);
    }
}
