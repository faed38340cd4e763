using Pipeline.Build;
using Pipeline.Stack.Component;
using Pipeline.Verify.Checks;

/// <summary>
/// This repository's build: the stack targets (Stop, ConfigurePip, LockCpu, Prefetch, BaseImage, BuildParallel, Verify,
/// Rebuild) come from the <see cref="IContainerStack"/> component with their parameters; <c>./build.sh --help</c> lists
/// them, <c>./build.sh --plan</c> shows what would run. Add targets here as properties; override a component member
/// by implementing it (<c>Target IContainerStack.Verify =&gt; _ =&gt; _ ...</c> replaces a whole target).
/// </summary>
class Build : PipelineBuild, IContainerStack
{
    /// <summary>Rebuild, the stack's main job, is what <c>./build.sh</c> runs with no target named.</summary>
    public static int Main() => Execute<Build>(x => ((IContainerStack)x).Rebuild);

    /// <summary>The stack's compose file when neither <c>--compose-file</c> nor <c>.nuke/parameters.json</c> names one.</summary>
    AbsolutePath IContainerStack.DefaultComposeFile => RootDirectory / "docker-compose.yml";

    /// <summary>The checks Verify runs inside every image: the built-ins, plus your own.</summary>
    CheckSet IContainerStack.Checks => CheckSet.BuiltIn()
        .Add(new CommandCheck("python-runs", "python --version"));
}
