using Pipeline.Build;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.IO;
using Pipeline.Stack;

/// <summary>The stack parameters (`./build.sh --help` lists them) and the session they configure.</summary>
partial class Build
{
    [Parameter("The stack's compose file.")]
    readonly AbsolutePath ComposeFile = RootDirectory / "examples" / "ai-stack" / "docker-compose.yml";

    [Parameter("Services to act on (default: all).")]
    readonly string[] Services = [];

    [Parameter("Container engine endpoint, e.g. unix:///run/podman/podman.sock (default: discovered).")]
    readonly string? Engine;

    // Read by build.sh (build/prerequisites.sh) before the build starts; declared so --help documents it.
#pragma warning disable CS0169
    [Parameter("build.sh: never install a container engine.")]
    readonly bool NoInstall;
#pragma warning restore CS0169

    [Parameter("Stop: seconds containers get before they are killed.")]
    readonly int StopGraceSeconds = 10;

    [Parameter("ConfigurePip: Dockerfiles to edit instead of the compose file's.")]
    readonly AbsolutePath[] Dockerfiles = [];

    [Parameter("ConfigurePip: print a diff per file and write nothing.")]
    readonly bool DryRun;

    [Parameter("ConfigurePip: pip cache mounts.")]
    readonly CacheMountMode CacheMounts = CacheMountMode.Auto;

    [Parameter("pip network timeout in seconds.")]
    readonly int PipTimeout = 300;

    [Parameter("pip retries.")]
    readonly int PipRetries = 10;

    [Parameter("The PyTorch CPU index written into Dockerfiles and pyproject files.")]
    readonly string TorchCpuIndexUrl = "https://download.pytorch.org/whl/cpu";

    [Parameter("A package index (PyPI mirror) to use instead of the local stand-in index.")]
    readonly string? IndexUrl;

    [Parameter("With --index-url: the CPU torch index.")]
    readonly string? CpuIndexUrl;

    [Parameter("Local index: wheel catalogue file (default: embedded torch 2.5.1 catalogue).")]
    readonly AbsolutePath? Catalogue;

    [Parameter("Local index: stand-in wheel size relative to the real package (default 0.01; Benchmark: 0.1).")]
    readonly double? WheelScale;

    [Parameter("Local index: per-connection bandwidth limit, e.g. 600KB or 1.5MB (default: none; Benchmark: 600KB).")]
    readonly string? Throttle;

    [Parameter("Local index: TCP port; keep it stable so rebuilds reuse cached layers (0 picks a free one).")]
    readonly int IndexPort = 3141;

    [Parameter("BuildParallel: images built at once (default: by core count, logged).")]
    readonly int? Parallelism;

    [Parameter("BuildParallel: build every image again, even when up to date, ignoring the layer cache.")]
    readonly bool NoCache;

    [Parameter("BuildParallel: keep building the other images when one fails.")]
    readonly bool ContinueOnError;

    [Parameter("BuildParallel: attempts per image when a build fails transiently (network, engine connection).")]
    readonly int BuildAttempts = 3;

    [Parameter("BuildParallel: seconds before the first retry (doubled each time, with jitter).")]
    readonly double BuildRetryDelay = 2;

    [Parameter("BuildParallel: build args for every image, as KEY=VALUE (win over the compose file's).")]
    readonly string[] BuildArgs = [];

    [Parameter("BuildParallel: build network, 'host' or 'default' (= 'bridge'); 'host' lets builds reach an index on 127.0.0.1.")]
    readonly string Network = "host";

    [Parameter("BuildParallel: base images replaced in the build context, as from=to.")]
    readonly string[] BaseImageMap =
    [
        "python:3.11-slim=localhost/pipeline/python:3.11-slim",
        "python:3.12-slim=localhost/pipeline/python:3.12-slim",
        "python:3.13-slim=localhost/pipeline/python:3.13-slim",
    ];

    [Parameter("BaseImage: registry that FROM short names are pulled from before bootstrapping ('none': bootstrap only).")]
    readonly string BaseImageRegistry = "docker.io";

    [Parameter("BaseImage: seconds a registry pull may take before bootstrapping instead.")]
    readonly int BaseImageRegistryTimeout = 20;

    [Parameter("BaseImage: Debian suite to bootstrap; auto picks the one that ships each mapped image's Python (bookworm 3.11, trixie 3.13).")]
    readonly string BaseImageSuite = "auto";

    [Parameter("BaseImage: Debian mirror to bootstrap from (default: this machine's apt source).")]
    readonly string? DebianMirror;

    [Parameter("BaseImage: extra Debian packages in a bootstrapped image.")]
    readonly string[] BaseImagePackages = [];

    [Parameter("BaseImage: make the base images again even when up to date.")]
    readonly bool BaseImageForce;

    [Parameter("Verify: seconds one check command may run.")]
    readonly int VerifyTimeout = 120;

    [Parameter("Verify: checks running at once, over all images.")]
    readonly int VerifyParallelism = 4;

    [Parameter("Verify: size budget for services without x-pipeline size-budget, e.g. 2GB.")]
    readonly string? SizeBudget;

    [Parameter("Verify: directory for junit.xml and summary.md (default: artifacts/verify).")]
    readonly AbsolutePath? VerifyReports;

    StackSession? _stack;

    /// <summary>One session per build: the compose model, engine connection and local index are shared by the targets.</summary>
    StackSession Stack => _stack ??= new StackSession(Settings, Log);

    /// <summary>The parameters as the stack's settings.</summary>
    StackSettings Settings => new()
    {
        RootDirectory = RootDirectory,
        ComposeFile = ComposeFile,
        Services = Services,
        Environment = BuildEnvironment,
        Engine = Engine,
        StopGracePeriod = TimeSpan.FromSeconds(StopGraceSeconds),
        Dockerfiles = Dockerfiles.Select(d => (string)d).ToList(),
        DryRun = DryRun,
        CacheMounts = CacheMounts,
        PipTimeout = PipTimeout,
        PipRetries = PipRetries,
        TorchCpuIndexUrl = TorchCpuIndexUrl,
        Check = Check,
        LockFiles = LockFiles.Select(l => (string)l).ToList(),
        PythonVersion = PythonVersion,
        UvExecutable = Uv,
        RoutedIndexUrl = RoutedIndexUrl,
        LockForce = Force,
        IndexUrl = IndexUrl,
        CpuIndexUrl = CpuIndexUrl,
        Catalogue = Catalogue?.ToString(),
        WheelScale = WheelScale ?? 0.01,
        Throttle = Throttle,
        IndexPort = IndexPort,
        IndexFaults = IndexFaults,
        PackageCache = PackageCache?.ToString(),
        Offline = Offline,
        Parallelism = Parallelism,
        NoCache = NoCache,
        ContinueOnError = ContinueOnError,
        HostNetwork = SettingParsers.HostNetwork(Network, "--network"),
        BuildAttempts = BuildAttempts,
        BuildRetryDelay = TimeSpan.FromSeconds(BuildRetryDelay),
        BuildArgs = SettingParsers.Map(BuildArgs, "--build-args"),
        BaseImageMap = SettingParsers.Map(BaseImageMap, "--base-image-map"),
        BaseImageRegistry = BaseImageRegistry,
        BaseImageRegistryTimeout = TimeSpan.FromSeconds(BaseImageRegistryTimeout),
        BaseImageSuite = BaseImageSuite,
        BaseImageMirror = DebianMirror,
        BaseImagePackages = BaseImagePackages,
        BaseImageForce = BaseImageForce,
        VerifyTimeout = TimeSpan.FromSeconds(VerifyTimeout),
        VerifyParallelism = VerifyParallelism,
        DefaultSizeBudget = SizeBudget is null ? null : ByteSize.Parse(SizeBudget, "--size-budget"),
        VerifyReportDirectory = VerifyReports?.ToString(),
        GitHubStepSummary = BuildEnvironment.GetValueOrDefault("GITHUB_STEP_SUMMARY"),
    };

    /// <summary>Bad parameter values stop the build before it starts (exit code 2), one line each.</summary>
    protected override void OnBuildInitialized()
    {
        IReadOnlyList<string> problems;
        try
        {
            problems = [.. StackSettingsValidator.Problems(Settings), .. BenchmarkProblems()];
        }
        catch (Exception e) when (e is StackException or FormatException or ArgumentException)
        {
            problems = [e.Message];
        }
        if (problems.Count > 0) throw new BuildDefinitionException(string.Join(Environment.NewLine, problems));
    }

    protected override async ValueTask OnBuildFinishedAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }

    /// <summary>Runs a stack step: its notes go to the summary table; a failure fails the target with one line.</summary>
    static async Task Run(Func<CancellationToken, Task<StepOutcome>> step, CancellationToken ct)
    {
        var outcome = await step(ct);
        foreach (var (key, value) in outcome.Notes) ReportSummary(key, value);
        if (!outcome.Success) throw new BuildFailedException(outcome.Failure ?? "failed");
    }
}
