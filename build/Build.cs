using Pipeline.Build;
using Pipeline.Containers.Engine;
using Pipeline.Stack.Component;

/// <summary>
/// Pipeline's own build, NUKE-style: each property is a target; the logic lives in library classes.
/// Run with <c>./build.sh [targets] [--parameters]</c>; <c>./build.sh --help</c> lists everything.
/// </summary>
[GitHubActions("ci", InvokedTargets = [nameof(Test)])]
[GitLabCI(InvokedTargets = [nameof(Test)])]
partial class Build : PipelineBuild
{
    /// <summary>Rebuild (the stack component's main job, see Build.Stack.cs) is the default target.</summary>
    public static int Main() => Execute<Build>(x => ((IContainerStack)x).Rebuild);

    [Parameter("Configuration to build: Debug or Release.")]
    readonly Configuration Configuration = Configuration.Release;

    // Read by build.sh (build/prerequisites.sh) before the build starts; declared so --help documents it.
#pragma warning disable CS0169
    [Parameter("build.sh: never install a container engine.")]
    readonly bool NoInstall;
#pragma warning restore CS0169

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
}
