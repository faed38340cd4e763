using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

public class ToolTests
{
    [Fact]
    public async Task A_failing_tool_quotes_its_last_lines_in_the_failure()
    {
        var e = await Assert.ThrowsAsync<BuildFailedException>(() =>
            ProcessTasks.RunAsync("bash", ["-c", "for i in $(seq 1 30); do echo line$i; done; exit 3"]));
        var lines = e.Message.Split('\n');
        Assert.Equal("bash -c for i in $(seq 1 30); do echo line$i; done; exit 3 exited with code 3; last 20 lines of output:", lines[0]);
        Assert.Equal(Enumerable.Range(11, 20).Select(i => $"  line{i}"), lines.Skip(1));
    }

    [Fact]
    public async Task Failed_dotnet_test_without_trx_failures_still_counts_a_failure()
    {
        using var dir = new TempDirectory("pipeline-dotnet-test");
        var results = dir.Combine("artifacts", "test-results");
        // A solution that does not exist: dotnet test fails before any test host writes a TRX file.
        var e = await Assert.ThrowsAsync<BuildFailedException>(() =>
            DotNetTasks.TestAsync(dir.Combine("Missing.sln"), "Debug", results, null, CancellationToken.None));
        Assert.StartsWith("Tests failed: 0 passed, 1 failed, 0 skipped", e.Message);
        Assert.Equal("0 passed, 1 failed, 0 skipped\n", File.ReadAllText(Path.Combine(results, "totals.txt")));
        Assert.Equal(["totals.txt"], Directory.GetFiles(results).Select(Path.GetFileName)); // no temp file left behind
    }
}
