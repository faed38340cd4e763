using Pipeline.Build;

namespace Pipeline.Build.Tests;

public class FailureTests
{
    class CycleBuild : RecordingBuild
    {
        Target A => _ => _.DependsOn(B).Executes(Record("A"));
        Target B => _ => _.DependsOn(C).Executes(Record("B"));
        Target C => _ => _.After(A).Executes(Record("C"));
        Target Free => _ => _.Executes(Record("Free"));
    }

    [Fact]
    public async Task A_cycle_is_reported_with_its_path_before_anything_runs()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<CycleBuild>(["Free"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Circular dependency between targets: A -> B -> C -> A", run.Output);
        Assert.Empty(((RecordingBuild)result.Instance!).Executed);
    }

    class SelfBuild : RecordingBuild
    {
        Target Loop => _ => _.DependsOn(Loop);
    }

    [Fact]
    public async Task A_target_depending_on_itself_is_an_error()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SelfBuild>(["Loop"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Target 'Loop' refers to itself", run.Output);
    }

    interface IFirst { Target Publish => _ => _.Executes(() => { }); }
    interface ISecond { Target Publish => _ => _.Executes(() => { }); }
    class DuplicateBuild : RecordingBuild, IFirst, ISecond;

    [Fact]
    public async Task Two_targets_with_the_same_name_are_an_error()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<DuplicateBuild>(["Publish"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Target 'Publish' is declared twice: by IFirst and by ISecond", run.Output);
    }

    class SmallBuild : RecordingBuild
    {
        Target Compile => _ => _.Executes(Record("Compile"));
        Target Verify => _ => _.Executes(Record("Verify"));
        Target Rebuild => _ => _.Executes(Record("Rebuild"));
    }

    [Fact]
    public async Task An_unknown_target_names_the_closest_match_first()
    {
        var line = await SingleErrorLine("Verfy");
        Assert.StartsWith("Target 'Verfy' is not defined. Did you mean Verify? Available: Verify,", line);
    }

    [Fact]
    public async Task An_unknown_target_unlike_any_other_gets_no_suggestion_only_the_list()
    {
        var line = await SingleErrorLine("nosuchtarget");
        Assert.StartsWith("Target 'nosuchtarget' is not defined. Available: ", line);
        Assert.DoesNotContain("Did you mean", line);
    }

    static async Task<string> SingleErrorLine(string target)
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SmallBuild>([target]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        return Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("Verfy", "Verify")]
    [InlineData("build-paralel", "BuildParallel")]
    [InlineData("Reb", "Rebuild")]
    [InlineData("Compiel", "Compile")]
    public async Task A_typo_or_a_prefix_is_suggested(string typed, string expected)
    {
        using var run = new BuildRun();
        await run.RunAsync<SuggestionBuild>([typed]);
        Assert.Contains($"Did you mean {expected}?", run.Output);
    }

    class SuggestionBuild : RecordingBuild
    {
        Target Compile => _ => _.Executes(Record("Compile"));
        Target BuildParallel => _ => _.Executes(Record("BuildParallel"));
        Target Verify => _ => _.Executes(Record("Verify"));
        Target Rebuild => _ => _.Executes(Record("Rebuild"));
    }

    [Fact]
    public async Task An_unknown_parameter_is_an_error()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SmallBuild>(["Compile", "--verbositty", "quiet"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Unknown parameter '--verbositty'. Did you mean --verbosity?", run.Output);
    }

    class FailingBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => throw new InvalidOperationException("compiler exploded\nstack details"));
        Target Test => _ => _.DependsOn(Compile).Executes(Record("Test"));
        Target Report => _ => _.DependsOn(Restore).After(Compile).ProceedAfterFailure().Executes(Record("Report"));
        Target NeedsCompile => _ => _.DependsOn(Compile).ProceedAfterFailure().Executes(Record("NeedsCompile"));
        Target Cleanup => _ => _.After(Test).AssuredAfterFailure().Executes(Record("Cleanup"));
        Target All => _ => _.DependsOn(Test, Report, NeedsCompile, Cleanup);
    }

    [Fact]
    public async Task After_a_failure_only_ProceedAfterFailure_targets_with_healthy_dependencies_and_assured_targets_run()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<FailingBuild>(["All"]);
        Assert.Equal(BuildResult.TargetFailed, result.ExitCode);
        Assert.Equal(TargetStatus.Failed, result["Compile"].Status);
        Assert.Equal("compiler exploded", result["Compile"].Reason);
        Assert.Equal(TargetStatus.NotRun, result["Test"].Status);
        Assert.Equal(TargetStatus.Succeeded, result["Report"].Status);
        Assert.Equal(TargetStatus.NotRun, result["NeedsCompile"].Status);
        Assert.Equal(TargetStatus.Succeeded, result["Cleanup"].Status);
        Assert.Equal(["Restore", "Report", "Cleanup"], result.Executed());
        // One clear line on the console, the stack trace only in the file log.
        Assert.Contains("Target Compile failed: compiler exploded", run.Output);
        Assert.DoesNotContain("stack details", run.Output.Split("Repeating")[0].Split("Target Compile failed")[1].Split('\n')[0]);
        Assert.Contains("System.InvalidOperationException: compiler exploded", run.LogFile);
    }

    class CustomExitBuild : RecordingBuild
    {
        Target Check => _ => _.Executes(() => throw new BuildFailedException("3 images over budget", exitCode: 42));
    }

    [Fact]
    public async Task A_target_can_choose_the_exit_code()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<CustomExitBuild>(["Check"]);
        Assert.Equal(42, result.ExitCode);
        Assert.Contains("Target Check failed: 3 images over budget", run.Output);
    }

    class SlowBuild : RecordingBuild
    {
        public static readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Target Wait => _ => _.Executes(async ct =>
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        Target After => _ => _.DependsOn(Wait).Executes(Record("After"));
        Target Finally => _ => _.After(After).AssuredAfterFailure().Executes(Record("Finally"));
    }

    [Fact]
    public async Task Cancellation_aborts_the_running_target_and_runs_only_assured_ones()
    {
        using var run = new BuildRun();
        using var cts = new CancellationTokenSource();
        var build = run.RunAsync<SlowBuild>(["After", "Finally"], ct: cts.Token);
        await SlowBuild.Started.Task;
        cts.Cancel();
        var result = await build;
        Assert.Equal(BuildResult.Aborted, result.ExitCode);
        Assert.Equal(TargetStatus.Aborted, result["Wait"].Status);
        Assert.Equal(TargetStatus.NotRun, result["After"].Status);
        Assert.Equal(["Finally"], result.Executed());
        Assert.Contains("Build aborted", run.Output);
    }

    [Fact]
    public async Task Continue_skips_targets_that_succeeded_in_the_previous_attempt()
    {
        using var run = new BuildRun();
        var first = await run.RunAsync<FailingBuild>(["Test"]);
        Assert.Equal(BuildResult.TargetFailed, first.ExitCode);
        var second = await run.RunAsync<FailingBuild>(["Test", "--continue"]);
        Assert.Equal(TargetStatus.Skipped, second["Restore"].Status);
        Assert.Equal(TargetStatus.Failed, second["Compile"].Status);
    }
}
