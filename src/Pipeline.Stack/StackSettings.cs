using Pipeline.Dockerfiles.ConfigurePip;

namespace Pipeline.Stack;

/// <summary>
/// Everything a user can tune for the stack targets, with the defaults the build's parameters start from.
/// One record so a build, a test or a benchmark sets the same knobs the same way.
/// </summary>
public sealed record StackSettings
{
    /// <summary>The repository root (<c>.nuke/temp</c> and <c>artifacts/</c> live under it).</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The stack's compose file.</summary>
    public required string ComposeFile { get; init; }

    /// <summary>Services to act on; empty means all.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Environment for compose interpolation and engine discovery.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Engine endpoint (<c>unix:///…</c>, <c>tcp://…</c>); null discovers one.</summary>
    public string? Engine { get; init; }

    /// <summary>Stop: time containers get to exit before they are killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ConfigurePip: explicit Dockerfiles instead of the compose file's.</summary>
    public IReadOnlyList<string> Dockerfiles { get; init; } = [];

    /// <summary>ConfigurePip: print diffs, write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>ConfigurePip: pip download cache mounts (auto: when the engine supports them).</summary>
    public CacheMountMode CacheMounts { get; init; } = CacheMountMode.Auto;

    /// <summary>pip's network timeout in seconds (pip's own default is 15).</summary>
    public int PipTimeout { get; init; } = 300;

    /// <summary>pip's retries per request.</summary>
    public int PipRetries { get; init; } = 10;

    /// <summary>The PyTorch CPU index written into Dockerfiles and pyproject files.</summary>
    public string TorchCpuIndexUrl { get; init; } = "https://download.pytorch.org/whl/cpu";

    /// <summary>LockCpu: audit only, change nothing; fail on CUDA packages.</summary>
    public bool Check { get; init; }

    /// <summary>LockCpu: audit these lock files instead of the stack's projects.</summary>
    public IReadOnlyList<string> LockFiles { get; init; } = [];

    /// <summary>LockCpu: the CPython version locks are audited for.</summary>
    public string PythonVersion { get; init; } = "3.11";

    /// <summary>LockCpu: the uv executable.</summary>
    public string UvExecutable { get; init; } = "uv";

    /// <summary>LockCpu: the Python that runs pip to resolve requirements locks.</summary>
    public string PythonExecutable { get; init; } = "python3";

    /// <summary>An existing package index (PyPI mirror) to use instead of the local one.</summary>
    public string? IndexUrl { get; init; }

    /// <summary>With <see cref="IndexUrl"/>: the CPU torch index to use (default: <see cref="TorchCpuIndexUrl"/>).</summary>
    public string? CpuIndexUrl { get; init; }

    /// <summary>Local index: a wheel catalogue file (default: the embedded torch 2.5.1 catalogue).</summary>
    public string? Catalogue { get; init; }

    /// <summary>Local index: size scale of stand-in wheels.</summary>
    public double WheelScale { get; init; } = 0.01;

    /// <summary>Local index: per-connection bandwidth limit such as <c>600KB</c> (slow-link reproduction); null for none.</summary>
    public string? Throttle { get; init; }

    /// <summary>Local index: faults it injects (latency, cut-off or stalled downloads, 503 bursts); none by default.</summary>
    public Pipeline.Python.Index.Faults.IndexFaults IndexFaults { get; init; } = Pipeline.Python.Index.Faults.IndexFaults.None;

    /// <summary>
    /// Local index: TCP port (0 picks a free one). The index URL is a build argument, so a stable port is what
    /// lets a second build reuse the layers after pip steps (3141 is devpi's port, familiar for a local index).
    /// </summary>
    public int IndexPort { get; init; } = 3141;

    /// <summary>BuildParallel: images built at once (null: a default for the machine).</summary>
    public int? Parallelism { get; init; }

    /// <summary>BuildParallel: ignore the layer cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>BuildParallel: build the other images when one fails.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>BuildParallel: host networking, so builds reach an index on 127.0.0.1.</summary>
    public bool HostNetwork { get; init; } = true;

    /// <summary>BuildParallel: base images replaced in the build context sent (FROM a → FROM b).</summary>
    public IReadOnlyDictionary<string, string> BaseImageMap { get; init; } = new Dictionary<string, string>
    {
        ["python:3.11-slim"] = Pipeline.BaseImages.PythonBaseImageOptions.DefaultTag,
    };

    /// <summary>
    /// BaseImage: the registry short <c>FROM</c> names are pulled from before bootstrapping (e.g. <c>docker.io</c> or a
    /// mirror such as <c>registry.corp:5000</c>); <c>none</c> or null bootstraps only.
    /// </summary>
    public string? BaseImageRegistry { get; init; } = "docker.io";

    /// <summary>BaseImage: how long a pull may take before BaseImage gives up on the registry and bootstraps.</summary>
    public TimeSpan BaseImageRegistryTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>BaseImage: the Debian suite bootstrapped when no registry answers (bookworm ships Python 3.11).</summary>
    public string BaseImageSuite { get; init; } = "bookworm";

    /// <summary>BaseImage: the Debian mirror to bootstrap from; null uses the machine's apt source.</summary>
    public string? BaseImageMirror { get; init; }

    /// <summary>BaseImage: Debian packages added to a bootstrapped image.</summary>
    public IReadOnlyList<string> BaseImagePackages { get; init; } = [];

    /// <summary>BaseImage: make the images again even when up to date.</summary>
    public bool BaseImageForce { get; init; }

    /// <summary>BuildParallel: attempts per image when a build fails transiently (the first included).</summary>
    public int BuildAttempts { get; init; } = 3;

    /// <summary>BuildParallel: delay before the first retry (doubled each time, with jitter).</summary>
    public TimeSpan BuildRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>BuildParallel: extra build arguments for every image.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Verify: how long one check command may run.</summary>
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Verify: checks running at once, over all images (not images at once: one image's checks also run in parallel).</summary>
    public int VerifyParallelism { get; init; } = 4;

    /// <summary>Verify: size budget for services without <c>x-pipeline: size-budget</c>; null for none.</summary>
    public long? DefaultSizeBudget { get; init; }

    /// <summary>Verify: where junit.xml and summary.md are written.</summary>
    public string? VerifyReportDirectory { get; init; }

    /// <summary>Verify: a GitHub step summary file to append to (<c>$GITHUB_STEP_SUMMARY</c>).</summary>
    public string? GitHubStepSummary { get; init; }

    /// <summary><c>.nuke/temp</c> under the root.</summary>
    public string TemporaryDirectory => Path.Combine(RootDirectory, ".nuke", "temp");
}
