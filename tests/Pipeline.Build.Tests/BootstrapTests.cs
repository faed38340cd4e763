using System.Diagnostics;
using System.Xml.Linq;
using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

public class BootstrapTests
{
    [Fact]
    public async Task Build_sh_does_not_recompile_when_nothing_changed()
    {
        var root = RepoPaths.Root;
        using var buildRoot = NukeRoot();
        await RunScript(root, "--plan", "Test", "--root", buildRoot.Path); // first run may compile
        var stamp = Path.Combine(root, ".nuke", "temp", "build-project.stamp");
        var before = File.GetLastWriteTimeUtc(stamp);
        var (exit, output) = await RunScript(root, "--plan", "Test", "--root", buildRoot.Path);
        Assert.Equal(0, exit);
        Assert.Contains("Execution plan for Test", output);
        Assert.Equal(before, File.GetLastWriteTimeUtc(stamp));
    }

    [Fact]
    public async Task Build_sh_passes_the_exit_code_through_and_names_close_matches()
    {
        using var buildRoot = NukeRoot();
        var (exit, output) = await RunScript(RepoPaths.Root, "verfy", "--root", buildRoot.Path);
        Assert.Equal(BuildResult.InvalidInvocation, exit);
        Assert.Contains("Target 'verfy' is not defined. Did you mean Verify?", output);
        // The build ran in the temp root: the repository's own build.log (maybe an outer build's) is untouched.
        Assert.True(File.Exists(buildRoot.Combine(".nuke", "temp", "build.log")));
    }

    /// <summary>A root for the build process, so script tests never rotate the repository's (or an outer build's) log.</summary>
    private static TempDirectory NukeRoot()
    {
        var dir = new TempDirectory("pipeline-bootstrap");
        Directory.CreateDirectory(dir.Combine(".nuke"));
        return dir;
    }

    [Fact]
    public void Test_totals_are_summed_from_trx_counters()
    {
        const string trx = """
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Failed"><Counters total="10" executed="8" passed="6" failed="2" error="0" timeout="0" aborted="0" notExecuted="2" /></ResultSummary>
            </TestRun>
            """;
        var one = TestResultTotals.FromTrx(XDocument.Parse(trx), "a.trx");
        Assert.Equal(new TestResultTotals(6, 2, 2), one);
        Assert.Equal("12 passed, 4 failed, 4 skipped", (one + one).ToString());
        Assert.Throws<InvalidDataException>(() => TestResultTotals.FromTrx(XDocument.Parse("<x/>"), "b.trx"));
    }

    [Theory]
    [InlineData("Rebuild", "bootstrap engine python")]
    [InlineData("", "bootstrap engine python")] // the default target, Rebuild
    [InlineData("Compile+Verify", "engine")]
    [InlineData("build-parallel --services aidb", "bootstrap engine python")]
    [InlineData("Stop Verify", "engine")]
    [InlineData("LockCpu", "python")]
    [InlineData("Test", "test")]
    [InlineData("Compile", "")]
    [InlineData("--help", "")]
    [InlineData("--plan Rebuild", "")]
    [InlineData("Rebuild --plan", "")]
    [InlineData("Verify --help", "")]
    [InlineData("Verify -h", "")]
    [InlineData("Rebuild --plan false", "bootstrap engine python")]
    public async Task Build_sh_chooses_the_prerequisites_of_the_targets_it_runs(string args, string needs)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { "-c", "set -euo pipefail; source build/prerequisites.sh && _pl_needs \"$@\"", "_" }.Concat(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(needs, string.Join(' ', output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task The_package_list_for_tests_is_everything_the_suite_runs_and_is_empty_once_installed()
    {
        // This machine ran ./build.sh Test (or .ci/run): what the suite needs is there, so nothing is missing.
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { "-c", "set -euo pipefail; source build/prerequisites.sh && echo \"$PIPELINE_TEST_PACKAGES\" && _pl_missing_packages Test" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = (await process.StandardOutput.ReadToEndAsync()).Split('\n');
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        foreach (var package in new[] { "podman", "runc", "buildah", "debootstrap", "busybox-static", "docker.io", "docker-registry", "python3-venv", "patch" })
            Assert.Contains(package, output[0].Split(' '));
        Assert.Equal("", output[1]);
    }

    private static async Task<(int Exit, string Output)> RunScript(string root, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(root, "build.sh")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
