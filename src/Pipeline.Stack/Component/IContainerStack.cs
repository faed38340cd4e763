using Pipeline.Build;
using Pipeline.Verify.Checks;

namespace Pipeline.Stack.Component;

/// <summary>
/// The stack targets as a NUKE-style component: <c>class Build : PipelineBuild, IContainerStack</c> gets Stop,
/// ConfigurePip, LockCpu, Prefetch, BaseImage, BuildParallel, Verify and Rebuild (plus Mirror, Proxy and CleanEngine) with
/// their parameters, and overrides what it needs by implementing a member itself, e.g.
/// <c>CheckSet IContainerStack.Checks =&gt; CheckSet.BuiltIn().Add(...)</c> or a whole target
/// (<c>Target IContainerStack.Verify =&gt; _ =&gt; _...</c>). Each target's parameters live in its own file
/// (<c>IContainerStack.Stop.cs</c>, ...) and set its library's options directly (<see cref="StackTargetOptions"/>):
/// defaults and valid ranges are the options' own, checked for every planned target before anything runs.
/// </summary>
public partial interface IContainerStack : IPipelineBuild
{
    /// <summary>The compose file when <c>--compose-file</c> is not given; override it to point at your stack.</summary>
    AbsolutePath DefaultComposeFile => PipelineBuild.RootDirectory / "docker-compose.yml";

    /// <summary>The stack's compose file.</summary>
    [Parameter("The stack's compose file.")]
    AbsolutePath ComposeFile => ParameterValue(() => ComposeFile, DefaultComposeFile);

    /// <summary>Services to act on (default: all).</summary>
    [Parameter("Services to act on (default: all).")]
    string[] Services => ParameterValue(() => Services, []);

    /// <summary>Container engine endpoint; null discovers one.</summary>
    [Parameter("Container engine endpoint, e.g. unix:///run/podman/podman.sock (default: discovered).")]
    string? Engine => ParameterValue(() => Engine, null);

    /// <summary>The PyTorch CPU index written into Dockerfiles and pyproject files.</summary>
    [Parameter("The PyTorch CPU index written into Dockerfiles and pyproject files.")]
    [SetsOption("StackSettings.TorchCpuIndexUrl")]
    string TorchCpuIndexUrl => ParameterValue(() => TorchCpuIndexUrl, Pipeline.Packaging.PackageIndexes.PytorchCpu);

    /// <summary>Base images replaced in the build context, as from=to.</summary>
    [Parameter("BuildParallel, BaseImage: base images replaced in the build context, as from=to.")]
    [SetsOption("StackSettings.BaseImageMap")]
    string[] BaseImageMap => ParameterValue(() => BaseImageMap, StackSettings.DefaultBaseImageMap.Select(p => $"{p.Key}={p.Value}").ToArray());

    /// <summary>The checks Verify runs: the built-ins; override it to add the stack's own.</summary>
    CheckSet Checks => CheckSet.BuiltIn();

    /// <summary>What every target shares: the stack's settings from the parameters above and in the Index partial.</summary>
    StackSettings StackSettings => new()
    {
        RootDirectory = PipelineBuild.RootDirectory,
        ComposeFile = ComposeFile,
        Services = Services,
        Environment = PipelineBuild.BuildEnvironment,
        Engine = Engine,
        TorchCpuIndexUrl = TorchCpuIndexUrl,
        BaseImageMap = SettingParsers.Map(BaseImageMap, "--base-image-map"),
        IndexUrl = IndexUrl,
        CpuIndexUrl = CpuIndexUrl,
        Catalogue = Catalogue?.ToString(),
        WheelScale = WheelScale ?? 0.01,
        Throttle = Throttle,
        IndexPort = IndexPort,
        IndexFaults = IndexFaults,
        PackageCache = PackageCache?.ToString(),
        Offline = Offline,
    };

    /// <summary>Each target's options, set from its parameters (in the target's own file).</summary>
    StackTargetOptions StackTargetOptions => new()
    {
        Stop = ConfigureStop,
        ConfigurePip = ConfigureConfigurePip,
        LockCpu = ConfigureLockCpu,
        Prefetch = ConfigurePrefetch,
        PythonVersion = PythonVersion,
        BaseImage = ConfigureBaseImage,
        BaseImageRegistry = BaseImageRegistry,
        BuildParallel = ConfigureBuildParallel,
        Verify = ConfigureVerify,
        DefaultSizeBudget = SizeBudget is null ? null : Pipeline.IO.ByteSize.Parse(SizeBudget, "--size-budget"),
    };

    /// <summary>One session per build: the compose model, engine connection and package index are shared by the targets.</summary>
    StackSession Stack => Shared(() => new StackSession(StackSettings, PipelineBuild.Log, StackTargetOptions));

    /// <summary>The main job: every stack step, in the order their After relations give.</summary>
    Target Rebuild => _ => _
        .Description("Stop → ConfigurePip → LockCpu → Prefetch → BaseImage → BuildParallel → Verify on the stack (BuildParallel depends on BaseImage).")
        .DependsOn(Stop, ConfigurePip, LockCpu, Prefetch, BuildParallel, Verify);

    /// <summary>Removes Pipeline's leftovers from the engine.</summary>
    Target CleanEngine => _ => _
        .Description("Removes what stopped builds left in the container engine (working containers, Verify probe containers, replaced untagged images: only Pipeline's). Run it when no build runs.")
        .Executes(ct => RunStep(Stack.CleanEngineAsync, ct));

    /// <summary>
    /// True when <paramref name="target"/>'s options are within their declared ranges; otherwise the build does not
    /// start and the first problem is the error line (used as a requirement, checked for every planned target).
    /// </summary>
    bool OptionsAreValid(string target)
    {
        if (Stack.Problems(target) is { Count: > 0 } problems)
        {
            var named = problems.Select(p => SetsOptionAttribute.WithParameter(typeof(IContainerStack), p)).ToList();
            throw new BuildDefinitionException($"{target}: {new Pipeline.IO.Options.OptionsValidationException(named).Message}");
        }
        return true;
    }

    /// <summary>Runs a stack step: its notes go to the summary table; a failure fails the target with one line.</summary>
    protected static async Task RunStep(Func<CancellationToken, Task<StepOutcome>> step, CancellationToken ct)
    {
        var outcome = await step(ct);
        foreach (var (key, value) in outcome.Notes) PipelineBuild.ReportSummary(key, value);
        if (!outcome.Success) throw new BuildFailedException(outcome.Failure ?? "failed");
    }
}
