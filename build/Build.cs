using Pipeline.Build;
using Pipeline.Containers.Engine;

/// <summary>
/// Pipeline's own build, NUKE-style: each property is a target; the logic lives in library classes.
/// Run with <c>./build.sh [targets] [--parameters]</c>; <c>./build.sh --help</c> lists everything.
/// </summary>
[GitHubActions("ci", InvokedTargets = [nameof(Test)])]
[GitLabCI(InvokedTargets = [nameof(Test)])]
partial class Build : PipelineBuild
{
    public static int Main() => Execute<Build>(x => x.Rebuild);

    /// <summary>The main job and default target; the steps are in Build.Stack.cs.</summary>
    Target Rebuild => _ => _
        .Description("Stop → ConfigurePip → LockCpu → Prefetch → BaseImage → BuildParallel → Verify on the stack (BuildParallel depends on BaseImage).")
        .DependsOn(Stop, ConfigurePip, LockCpu, Prefetch, BuildParallel, Verify);

    [Parameter("Configuration to build: Debug or Release.")]
    readonly Configuration Configuration = Configuration.Release;

    static AbsolutePath Solution => RootDirectory / "Pipeline.sln";
    static AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";
    static AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";
    static AbsolutePath PackagesDirectory => ArtifactsDirectory / "packages";

    Target Clean => _ => _
        .Description("Deletes build outputs (src/, tests/) and artifacts/.")
        .Before(Restore)
        .Executes(() => Workspace.Clean(RootDirectory, ArtifactsDirectory));

    Target Restore => _ => _
        .Description("Restores NuGet packages.")
        .Executes(ct => DotNetTasks.DotNetAsync(["restore", Solution, "--nologo"], RootDirectory, ct: ct));

    Target Compile => _ => _
        .Description("Builds the solution.")
        .DependsOn(Restore)
        .Executes(ct => DotNetTasks.DotNetAsync(["build", Solution, "--no-restore", "--nologo", "--configuration", Configuration.ToString()], RootDirectory, ct: ct));

    Target Test => _ => _
        .Description("Runs every test project against a podman service started for the run; TRX and JUnit results go to artifacts/test-results.")
        .DependsOn(Compile)
        .Executes(async ct =>
        {
            await using var engine = await TestEngine.StartAsync(TemporaryDirectory, Log, ct);
            var totals = await DotNetTasks.TestAsync(Solution, Configuration.ToString(), TestResultsDirectory, engine.Environment, ct);
            ReportSummary("Tests", totals.ToString());
        });

    Target Pack => _ => _
        .Description("Packs the libraries as NuGet packages into artifacts/packages.")
        .DependsOn(Compile)
        .After(Test)
        .Executes(ct => DotNetTasks.DotNetAsync(["pack", Solution, "--no-build", "--nologo", "--configuration", Configuration.ToString(), "--output", PackagesDirectory], RootDirectory, ct: ct));
}
