using Pipeline.Build;

namespace Pipeline.Build.Tests;

public class RelationTests
{
    class DependsBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(Record("Compile"));
        Target Test => _ => _.DependsOn(Compile).Executes(Record("Test"));
        Target Unrelated => _ => _.Executes(Record("Unrelated"));
    }

    [Fact]
    public async Task DependsOn_pulls_dependencies_into_the_plan_in_order()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<DependsBuild>(["Test"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], result.Executed());
        Assert.Equal(TargetStatus.NotRun, result["Unrelated"].Status);
    }

    class DependentForBuild : RecordingBuild
    {
        Target Setup => _ => _.DependentFor(Main).Executes(Record("Setup"));
        Target Main => _ => _.Executes(Record("Main"));
    }

    [Fact]
    public async Task DependentFor_makes_this_target_a_dependency_of_the_other()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<DependentForBuild>(["Main"]);
        Assert.Equal(["Setup", "Main"], result.Executed());
    }

    class OrderBuild : RecordingBuild
    {
        Target Late => _ => _.After(Early).Executes(Record("Late"));
        Target Early => _ => _.Executes(Record("Early"));
        Target First => _ => _.Before(Early).Executes(Record("First"));
    }

    [Fact]
    public async Task After_and_Before_order_planned_targets_without_pulling_them_in()
    {
        using var run = new BuildRun();
        var all = await run.RunAsync<OrderBuild>(["Late", "Early", "First"]);
        Assert.Equal(["First", "Early", "Late"], all.Executed());

        var alone = await run.RunAsync<OrderBuild>(["Late"]);
        Assert.Equal(["Late"], alone.Executed());
    }

    class TriggerBuild : RecordingBuild
    {
        Target Deploy => _ => _.Triggers(Notify).Executes(Record("Deploy"));
        Target Notify => _ => _.Executes(Record("Notify"));
        Target Audit => _ => _.TriggeredBy(Deploy).Executes(Record("Audit"));
    }

    [Fact]
    public async Task Triggers_and_TriggeredBy_add_targets_that_run_afterwards()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<TriggerBuild>(["Deploy"]);
        Assert.Equal(["Deploy", "Notify", "Audit"], result.Executed());
    }

    class TieBuild : RecordingBuild
    {
        Target C => _ => _.Executes(Record("C"));
        Target A => _ => _.Executes(Record("A"));
        Target B => _ => _.Executes(Record("B"));
        Target All => _ => _.DependsOn(B, A, C).Executes(Record("All"));
    }

    [Fact]
    public async Task Ties_are_broken_by_declaration_order()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<TieBuild>(["All"]);
        Assert.Equal(["C", "A", "B", "All"], result.Executed());
    }

    class BaseBuild : RecordingBuild
    {
        protected Target Restore => _ => _.Executes(Record("Restore"));
    }

    interface ICompileComponent
    {
        Target Lint => _ => _.Description("Lints the code").Executes(() => { });
    }

    class DerivedBuild : BaseBuild, ICompileComponent
    {
        Target Compile => _ => _.DependsOn(Restore).DependsOn<ICompileComponent>(x => x.Lint).Executes(Record("Compile"));
    }

    [Fact]
    public async Task Targets_are_found_in_base_classes_and_interface_default_members()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<DerivedBuild>(["compile"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Lint", "Compile"], result.PlanNames());
        Assert.Equal(TargetStatus.Succeeded, result["Lint"].Status);
        Assert.Equal("Lints the code", result["Lint"].Description);
    }

    class DashBuild : RecordingBuild
    {
        Target BuildParallel => _ => _.Executes(Record("BuildParallel"));
        Target Verify => _ => _.Executes(Record("Verify"));
    }

    [Theory]
    [InlineData("build-parallel")]
    [InlineData("BUILDPARALLEL")]
    [InlineData("Build_Parallel")]
    public async Task Names_match_ignoring_case_and_dashes(string name)
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<DashBuild>([name]);
        Assert.Equal(["BuildParallel"], result.Executed());
    }

    [Theory]
    [InlineData("BuildParallel+Verify")]
    [InlineData("--target BuildParallel Verify")]
    [InlineData("Verify BuildParallel")]
    public async Task Several_targets_can_be_invoked(string commandLine)
    {
        var args = commandLine.Split(' ');
        using var run = new BuildRun();
        var result = await run.RunAsync<DashBuild>(args);
        Assert.Equal(["BuildParallel", "Verify"], result.Executed());
    }

    [Fact]
    public async Task Default_targets_run_when_none_are_named()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<DashBuild>([], defaults: ["Verify"]);
        Assert.Equal(["Verify"], result.Executed());
    }
}
