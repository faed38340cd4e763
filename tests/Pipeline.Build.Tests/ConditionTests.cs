using Pipeline.Build;

namespace Pipeline.Build.Tests;

public class ConditionTests
{
    class ConditionalBuild : RecordingBuild
    {
        [Parameter] readonly bool Publish;
        [Parameter] readonly bool SkipDeps;

        Target Restore => _ => _.Executes(Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(Record("Compile"));
        Target Upload => _ => _
            .DependsOn(Compile)
            .OnlyWhenStatic(() => Publish)
            .WhenSkipped(SkipDeps ? DependencyBehavior.Skip : DependencyBehavior.Execute)
            .Executes(Record("Upload"));
        Target Announce => _ => _
            .DependsOn(Upload)
            .OnlyWhenDynamic(() => Executed.Contains("Upload"))
            .Executes(Record("Announce"));
    }

    [Fact]
    public async Task OnlyWhenStatic_skips_with_the_condition_text_and_dependencies_still_run_by_default()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ConditionalBuild>(["Upload"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TargetStatus.Skipped, result["Upload"].Status);
        Assert.Equal("Publish", result["Upload"].Reason);
        Assert.Equal(["Restore", "Compile"], result.Executed());
        Assert.Contains("// Publish", run.Output);
    }

    [Fact]
    public async Task WhenSkipped_Skip_also_skips_the_dependencies()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ConditionalBuild>(["Upload", "--skip-deps"]);
        Assert.Empty(result.Executed());
        Assert.Equal(TargetStatus.Skipped, result["Compile"].Status);
        Assert.Equal(TargetStatus.Skipped, result["Restore"].Status);
    }

    [Fact]
    public async Task OnlyWhenDynamic_is_checked_just_before_the_target_runs()
    {
        using var run = new BuildRun();
        var skipped = await run.RunAsync<ConditionalBuild>(["Announce"]);
        Assert.Equal(TargetStatus.Skipped, skipped["Announce"].Status);
        Assert.Equal("Executed.Contains(\"Upload\")", skipped["Announce"].Reason);

        var ran = await run.RunAsync<ConditionalBuild>(["Announce", "--publish"]);
        Assert.Equal(["Restore", "Compile", "Upload", "Announce"], ran.Executed());
    }

    [Fact]
    public async Task Skip_without_value_skips_all_but_the_invoked_targets()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ConditionalBuild>(["Compile", "--skip"]);
        Assert.Equal(["Compile"], result.Executed());
        Assert.Equal("--skip", result["Restore"].Reason);
    }

    [Fact]
    public async Task Skip_with_names_skips_those_targets()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ConditionalBuild>(["Upload", "--publish", "--skip", "restore", "compile"]);
        Assert.Equal(["Upload"], result.Executed());
    }

    class RequiresBuild : RecordingBuild
    {
        [Parameter("Where to deploy")] readonly string? Server;
        Target Prepare => _ => _.Executes(Record("Prepare"));
        Target Deploy => _ => _.DependsOn(Prepare).Requires(() => Server).Executes(Record("Deploy"));
    }

    [Fact]
    public async Task Requires_fails_before_anything_runs()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<RequiresBuild>(["Deploy"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Target 'Deploy' requires member 'Server' to be not null or empty", run.Output);
        Assert.Empty(((RecordingBuild?)result.Instance)?.Executed ?? []);

        var ok = await run.RunAsync<RequiresBuild>(["Deploy", "--server", "prod"]);
        Assert.Equal(["Prepare", "Deploy"], ok.Executed());
    }
}
