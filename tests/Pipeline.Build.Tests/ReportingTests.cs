using Pipeline.Build;

namespace Pipeline.Build.Tests;

public class ReportingTests
{
    class ReportBuild : RecordingBuild
    {
        [Parameter("Publish the packages")] readonly bool Publish;

        Target Restore => _ => _.Description("Restores packages").Executes(Record("Restore"));
        Target Compile => _ => _.Description("Compiles").DependsOn(Restore).Executes(() =>
        {
            ReportSummary("Projects", "9");
            Log.Warning("CS0618 is deprecated");
        });
        Target Upload => _ => _.DependsOn(Compile).OnlyWhenStatic(() => Publish).Executes(Record("Upload"));
        Target Secret => _ => _.Unlisted().Executes(Record("Secret"));
    }

    [Fact]
    public async Task The_summary_table_has_status_duration_notes_total_and_an_outcome_line()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ReportBuild>(["Upload"]);
        Assert.Equal(0, result.ExitCode);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        var header = lines.FindIndex(l => l.StartsWith("Target", StringComparison.Ordinal) && l.Contains("Status") && l.Contains("Duration"));
        Assert.True(header > 0, run.Output);
        Assert.Matches(@"^Restore\s+Succeeded\s+< 1sec$", lines[header + 2]);
        Assert.Matches(@"^Compile\s+Succeeded\s+< 1sec\s+// Projects: 9$", lines[header + 3]);
        Assert.Matches(@"^Upload\s+Skipped\s+// Publish$", lines[header + 4]);
        Assert.Matches(@"^Total\s+< 1sec$", lines[header + 6]);
        Assert.Contains(lines, l => l.StartsWith("Build succeeded on ", StringComparison.Ordinal));
        // Warnings are replayed before the summary.
        var replay = run.Output.IndexOf("Repeating warnings and errors:", StringComparison.Ordinal);
        Assert.True(replay > 0 && run.Output.IndexOf("warning: CS0618 is deprecated", replay, StringComparison.Ordinal) > replay);
    }

    [Theory]
    [InlineData(0.2, "< 1sec")]
    [InlineData(1, "0:01")]
    [InlineData(75, "1:15")]
    [InlineData(3600, "60:00")]
    public void Durations_are_formatted_as_minutes_and_seconds(double seconds, string expected) =>
        Assert.Equal(expected, SummaryWriter.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task Help_lists_targets_with_descriptions_and_dependencies_then_parameters()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ReportBuild>(["--help"], defaults: ["Compile"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"Restore\s+Restores packages", run.Output);
        Assert.Matches(@"Compile \(default\)\s+Compiles -> Restore", run.Output);
        Assert.Matches(@"--publish\s+Publish the packages Default: false\.", run.Output);
        Assert.DoesNotContain("Secret", run.Output);
        Assert.True(run.Output.IndexOf("Targets", StringComparison.Ordinal) < run.Output.IndexOf("Parameters:", StringComparison.Ordinal));
        Assert.Empty(((RecordingBuild)result.Instance!).Executed);
    }

    [Fact]
    public async Task Plan_prints_the_order_with_relations_and_runs_nothing()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ReportBuild>(["--plan", "Upload"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(((RecordingBuild)result.Instance!).Executed);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Execution plan for Upload (3 targets", lines[0]);
        Assert.Matches(@"1\. Restore", lines[1]);
        Assert.Matches(@"2\. Compile\s+depends on Restore", lines[2]);
        Assert.Matches(@"3\. Upload\s+invoked; depends on Compile; SKIPPED: Publish", lines[3]);
    }

    [Fact]
    public async Task GitHub_Actions_gets_a_log_group_per_target()
    {
        using var run = new BuildRun();
        run.Environment["GITHUB_ACTIONS"] = "true";
        await run.RunAsync<ReportBuild>(["Compile"]);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal(2, lines.Count(l => l.StartsWith("::group::", StringComparison.Ordinal)));
        Assert.True(lines.IndexOf("::group::Restore") < lines.IndexOf("::group::Compile"));
        Assert.Equal(2, lines.Count(l => l == "::endgroup::"));
    }

    [Fact]
    public async Task The_file_log_keeps_the_last_five_previous_runs()
    {
        using var run = new BuildRun();
        for (var i = 0; i < 8; i++)
            await run.RunAsync<ReportBuild>(["Restore"]);
        var temp = run.Root.Combine(".nuke", "temp");
        Assert.True(File.Exists(Path.Combine(temp, "build.log")));
        Assert.Equal(5, Directory.GetFiles(temp, "build.*.log").Length);
        Assert.Contains("Target Restore started", run.LogFile);
    }

    [Fact]
    public async Task Quiet_verbosity_hides_information_but_keeps_errors()
    {
        using var run = new BuildRun();
        await run.RunAsync<ReportBuild>(["Compile", "--verbosity", "quiet", "--no-logo"]);
        Assert.DoesNotContain("CS0618", run.Output.Split("Target")[0]);
        Assert.Contains("Build succeeded", run.Output);
    }
}
