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
        Assert.StartsWith("Target 'Verfy' is not defined. Did you mean Verify? Targets, closest first: Verify,", line);
    }

    [Fact]
    public async Task An_unknown_target_unlike_any_other_gets_no_suggestion_only_the_list()
    {
        var line = await SingleErrorLine("nosuchtarget");
        Assert.StartsWith("Target 'nosuchtarget' is not defined. Targets, closest first: ", line);
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

    class CancelledBuild : RecordingBuild
    {
        public static TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public static bool Hold = true;
        Target First => _ => _.Executes(Record("First"));
        Target Second => _ => _.DependsOn(First).Executes(async ct =>
        {
            Started.TrySetResult();
            if (Hold) await Task.Delay(Timeout.Infinite, ct);
            Record("Second")();
        });
        Target Third => _ => _.DependsOn(Second).Executes(Record("Third"));
    }

    [Fact]
    public async Task Continue_after_ctrl_c_resumes_from_the_target_that_was_cancelled()
    {
        using var run = new BuildRun();
        using var cts = new CancellationTokenSource();
        CancelledBuild.Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        CancelledBuild.Hold = true;
        var build = run.RunAsync<CancelledBuild>(["Third"], ct: cts.Token);
        await CancelledBuild.Started.Task;
        await cts.CancelAsync();
        var first = await build;
        Assert.Equal(BuildResult.Aborted, first.ExitCode);
        Assert.Equal(["First"], first.Executed());

        CancelledBuild.Hold = false;
        var second = await run.RunAsync<CancelledBuild>(["Third", "--continue"]);
        Assert.Equal(BuildResult.Success, second.ExitCode);
        Assert.Equal(TargetStatus.Skipped, second["First"].Status);
        Assert.Equal(["Second", "Third"], second.Executed());
    }

    class KilledBuild : RecordingBuild
    {
        public static string? StateWhileSecondRuns;
        Target First => _ => _.Executes(Record("First"));
        Target Second => _ => _.DependsOn(First).Executes(() =>
            StateWhileSecondRuns = File.ReadAllText(RootDirectory / ".nuke" / "temp" / "build.state.json"));
    }

    [Fact]
    public async Task The_continue_state_is_saved_after_each_target_so_a_killed_build_resumes()
    {
        // What a process killed during Second would leave on disk is what Second sees while it runs.
        using var run = new BuildRun();
        KilledBuild.StateWhileSecondRuns = null;
        await run.RunAsync<KilledBuild>(["Second"]);
        Assert.NotNull(KilledBuild.StateWhileSecondRuns);
        var succeeded = System.Text.Json.JsonDocument.Parse(KilledBuild.StateWhileSecondRuns).RootElement.GetProperty("Succeeded");
        Assert.Equal(["First"], succeeded.EnumerateArray().Select(e => e.GetString()));
    }
}

public class UnexpectedErrorTests
{
    class SameNameBuild : RecordingBuild
    {
        Target BuildParallel => _ => _.Executes(Record("BuildParallel"));
        Target Build_Parallel => _ => _.Executes(Record("Build_Parallel"));
    }

    [Fact]
    public async Task Target_names_the_command_line_cannot_tell_apart_are_an_error()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SameNameBuild>(["build-parallel"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Targets 'BuildParallel' (by SameNameBuild) and 'Build_Parallel' (by SameNameBuild) have the same name", run.Output);
        Assert.Empty(result.Executed());
    }

    class ThrowingBuild : RecordingBuild
    {
        [Parameter] readonly string Where = "";
        public bool Finished { get; private set; }

        static bool Throw(string message) => throw new InvalidOperationException(message);

        Target Static => _ => _.OnlyWhenStatic(() => Where != "static" || Throw("no credentials file")).Executes(Record("Static"));
        Target Required => _ => _.Requires(() => Where != "requirement" || Throw("cannot read the token")).Executes(Record("Required"));
        Target Dynamic => _ => _.DependsOn(Static).OnlyWhenDynamic(() => Where != "dynamic" || Throw("probe failed")).Executes(Record("Dynamic"));
        Target Last => _ => _.DependsOn(Dynamic).AssuredAfterFailure().Executes(Record("Last"));

        protected override ValueTask OnBuildFinishedAsync()
        {
            Finished = true;
            return ValueTask.CompletedTask;
        }
    }

    static bool Finished(BuildResult result) => ((ThrowingBuild)result.Instance!).Finished;

    static string SingleLine(string output) => Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task A_static_condition_that_throws_stops_the_build_before_it_starts_with_one_line()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ThrowingBuild>(["Static", "--where", "static"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.StartsWith("Target 'Static': condition Where != \"static\" || Throw(\"no credentials file\") threw InvalidOperationException: no credentials file", SingleLine(run.Output));
        Assert.Contains("System.InvalidOperationException: no credentials file", run.LogFile); // the stack trace is in the file
        Assert.Empty(result.Executed());
    }

    [Fact]
    public async Task A_requirement_that_throws_stops_the_build_before_it_starts_with_one_line()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ThrowingBuild>(["Required", "--where", "requirement"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("threw InvalidOperationException: cannot read the token", SingleLine(run.Output));
        Assert.Empty(result.Executed());
    }

    [Fact]
    public async Task A_dynamic_condition_that_throws_fails_its_target_and_the_build_still_finishes()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ThrowingBuild>(["Last", "--where", "dynamic"]);
        Assert.Equal(BuildResult.TargetFailed, result.ExitCode);
        Assert.Equal(TargetStatus.Failed, result["Dynamic"].Status);
        Assert.Equal("condition threw: probe failed", result["Dynamic"].Reason);
        Assert.Equal(["Static", "Last"], result.Executed());
        Assert.True(Finished(result));
        Assert.Contains("Build failed on", run.Output);
    }

    [Fact]
    public async Task An_io_error_before_targets_run_is_one_line_and_exit_code_2()
    {
        using var run = new BuildRun();
        Directory.CreateDirectory(run.Root.Combine(".nuke", "build.schema.json")); // the schema cannot be written
        var result = await run.RunAsync<ThrowingBuild>(["Static"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        var line = SingleLine(run.Output);
        Assert.StartsWith("Build failed: IOException: ", line);
        Assert.EndsWith("(details in " + run.Root.Combine(".nuke", "temp", "build.log") + ")", line);
        Assert.Contains("   at ", run.LogFile);
        Assert.Empty(result.Executed());
    }

    [Fact]
    public async Task An_io_error_after_targets_ran_is_exit_code_1_and_the_build_was_finished()
    {
        using var run = new BuildRun();
        Directory.CreateDirectory(run.Root.Combine(".nuke", "temp", "build.state.json")); // the state cannot be saved
        var result = await run.RunAsync<ThrowingBuild>(["Static"]);
        Assert.Equal(BuildResult.TargetFailed, result.ExitCode);
        Assert.Contains("Build failed: IOException: ", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Equal(["Static"], result.Executed());
        Assert.True(Finished(result));
    }

    class ToolBuild : RecordingBuild
    {
        Target Tool => _ => _.Executes(ct => ProcessTasks.RunAsync("bash", ["-c", "echo compiling; echo 'error CS1002: ; expected' >&2; exit 4"], ct: ct));
    }

    [Fact]
    public async Task A_failing_tool_shows_its_last_lines_even_at_quiet_verbosity()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ToolBuild>(["Tool", "--verbosity", "quiet"]);
        Assert.Equal(BuildResult.TargetFailed, result.ExitCode);
        Assert.Contains("Target Tool failed: bash -c echo compiling; echo 'error CS1002: ; expected' >&2; exit 4 exited with code 4; last 2 lines of output:", run.Output);
        Assert.Contains("  error CS1002: ; expected", run.Output);
        Assert.StartsWith("bash -c", result["Tool"].Reason);
        Assert.DoesNotContain("\n", result["Tool"].Reason!);
    }
}

public class CommandLineTests
{
    class SmallBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(Record("Restore"));
        Target Verify => _ => _.DependsOn(Restore).Executes(Record("Verify"));
    }

    [Theory]
    [InlineData("--verbosity quiet Verify", "--verbosity expects one value (one of Quiet, Minimal, Normal, Verbose), got 'quiet Verify'; targets go before options")]
    [InlineData("Verify --verbosity", "--verbosity expects one of Quiet, Minimal, Normal, Verbose")]
    [InlineData("Verify --verbosity loud", "--verbosity: 'loud' is not one of Quiet, Minimal, Normal, Verbose")]
    public async Task Verbosity_takes_exactly_one_known_value(string args, string error)
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SmallBuild>(args.Split(' '), defaults: ["Restore"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains(error, run.Output);
        Assert.Null(result.Instance); // stopped before the build was even created: nothing ran
    }

    [Theory]
    [InlineData("Verify --plan false")]
    [InlineData("Verify --plan=false")]
    [InlineData("Verify --help false")]
    public async Task A_switch_set_to_false_is_off(string args)
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SmallBuild>(args.Split(' '));
        Assert.Equal(BuildResult.Success, result.ExitCode);
        Assert.Equal(["Restore", "Verify"], result.Executed());
    }

    [Fact]
    public async Task A_switch_with_a_value_other_than_true_or_false_is_an_error()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<SmallBuild>(["Verify", "--plan=maybe"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("--plan is a switch: expected nothing, true or false, got 'maybe'", run.Output);
    }

    [Theory]
    [InlineData("--plan Verify")]
    [InlineData("Verify --plan true")]
    [InlineData("--help")]
    public async Task Help_and_plan_neither_create_nor_rotate_the_file_log(string args)
    {
        using var run = new BuildRun();
        var temp = run.Root.Combine(".nuke", "temp");
        var first = await run.RunAsync<SmallBuild>(args.Split(' '));
        Assert.Equal(BuildResult.Success, first.ExitCode);
        Assert.Empty(first.Executed());
        Assert.False(File.Exists(Path.Combine(temp, "build.log")));

        await run.RunAsync<SmallBuild>(["Restore"]);
        var log = run.LogFile;
        await run.RunAsync<SmallBuild>(args.Split(' '));
        Assert.Equal(log, run.LogFile);
        Assert.Empty(Directory.GetFiles(temp, "build.*.log"));
    }
}
