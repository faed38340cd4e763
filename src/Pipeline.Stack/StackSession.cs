using Pipeline.BaseImages;
using Pipeline.Compose.Loading;
using Pipeline.Compose.Model;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Stopping;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.IO.Options;
using Pipeline.Python;
using Pipeline.Python.Index.Mirroring;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.LockCpu;
using Pipeline.Stack.LocalIndex;
using Pipeline.Stack.Mapping;
using Pipeline.Verify;
using Pipeline.Verify.Checks;
using Serilog;

namespace Pipeline.Stack;

/// <summary>
/// The stack targets (Stop, ConfigurePip, LockCpu, BaseImage, BuildParallel, Verify, Mirror) over one compose
/// stack. Resources are shared between the targets of a build and opened only when a target needs them:
/// the compose model, the engine connection, and the local package index. Each target makes its library's options
/// from the stack, then applies <paramref name="targets"/> (the build's parameters). Dispose at the end of the build.
/// </summary>
public sealed class StackSession(StackSettings settings, ILogger? logger = null, StackTargetOptions? targets = null) : IAsyncDisposable
{
    private readonly ILogger _log = logger ?? Log.Logger;
    private readonly StackTargetOptions _targets = targets ?? new StackTargetOptions();
    private ComposeProject? _project;
    private EngineSession? _engine;
    private LocalPackageIndex? _index;
    private Task<LocalPackageIndex>? _indexStart;
    private IReadOnlyList<string> _locks = [];
    private Task<int>? _prefetch;
    private int _prefetchPins;
    private readonly CancellationTokenSource _prefetchStop = new();

    /// <summary>The settings this session was made with.</summary>
    public StackSettings Settings => settings;

    /// <summary>The targets' settings this session was made with.</summary>
    public StackTargetOptions Targets => _targets;

    /// <summary>
    /// What is wrong with the options <paramref name="target"/> would run with (the stack's settings included), one line
    /// each, from the ranges the options declare; checked before any target runs, without reading a file or starting
    /// anything. Empty when usable.
    /// </summary>
    /// <param name="target">Stop, ConfigurePip, LockCpu, BaseImage, BuildParallel, Verify, Mirror or Proxy.</param>
    public IReadOnlyList<string> Problems(string target)
    {
        var problems = OptionsValidator.Problems(settings).ToList();
        problems.AddRange(OptionsValidator.Problems(_targets));
        switch (target)
        {
            case "Stop": problems.AddRange(OptionsValidator.Problems(StopOptions())); break;
            case "ConfigurePip": problems.AddRange(OptionsValidator.Problems(ConfigurePipOptions())); break;
            case "LockCpu": problems.AddRange(OptionsValidator.Problems(LockCpuOptions(Fallback))); break;
            case "BuildParallel": problems.AddRange(OptionsValidator.Problems(BuildParallelOptions())); goto case "Proxy";
            case "Prefetch": problems.AddRange(OptionsValidator.Problems(PrefetchOptions())); break;
            case "Verify": problems.AddRange(OptionsValidator.Problems(VerifyOptions(new CheckSet(), []))); break;
            case "BaseImage": problems.AddRange(BaseImageProblems()); break;
            case "Mirror": problems.AddRange(OptionsValidator.Problems(MirrorOptions(settings.IndexPort))); break;
            case "Proxy":
                problems.AddRange(OptionsValidator.Problems(MirrorOptions(0)));
                problems.AddRange(OptionsValidator.Problems(ProxyOptions(null)));
                break;
            default: throw new ArgumentException($"Unknown stack target '{target}'", nameof(target));
        }
        return problems.Distinct().ToList();
    }

    // One line for a bad registry (not one per mapped image), and the options of one mapped image: a bad suite or
    // mirror fails before Stop, ConfigurePip and LockCpu ran.
    private IEnumerable<string> BaseImageProblems()
    {
        var unpullable = settings.BaseImageMap.Keys
            .Select(from => (From: from, Pulled: BaseImageRequest.RegistryReference(from, _targets.BaseImageRegistry)))
            .FirstOrDefault(p => p.Pulled is not null && (!Pipeline.Containers.Context.ImageReference.TryParse(p.Pulled, out var pulled) || !pulled.CanBeTagged));
        if (unpullable.Pulled is not null)
            yield return $"{nameof(StackTargetOptions)}.{nameof(StackTargetOptions.BaseImageRegistry)} '{_targets.BaseImageRegistry}': {unpullable.From} would be pulled as '{unpullable.Pulled}', which is not an image reference (expected a host such as docker.io or registry.corp:5000, or none)";
        var template = BaseImageTemplate();
        var options = template with { Suite = template.Suite.Equals(Pipeline.BaseImages.Planning.DebianPythonSuites.Auto, StringComparison.OrdinalIgnoreCase) ? "bookworm" : template.Suite };
        foreach (var problem in OptionsValidator.Problems(options)) yield return problem;
    }

    /// <summary>Loads (once) the compose file; errors name file and line.</summary>
    public async Task<ComposeProject> ProjectAsync(CancellationToken ct) =>
        _project ??= await ComposeFileLoader.LoadAsync(ComposeOptions, ct);

    private ComposeLoadOptions ComposeOptions => new() { Path = settings.ComposeFile, Environment = settings.Environment };

    /// <summary>Connects (once) to the container engine, starting podman's API service if needed.</summary>
    public async Task<EngineSession> EngineAsync(CancellationToken ct) =>
        _engine ??= await new EngineConnector(_log).ConnectAsync(new EngineOptions
        {
            Endpoint = settings.Engine,
            Environment = settings.Environment,
            PodmanWorkDirectory = settings.TemporaryDirectory,
        }, ct);

    /// <summary>
    /// The index builds and locks use (started once): the package proxy on 127.0.0.1, in front of
    /// <c>--index-url</c>/<c>--cpu-index-url</c> when given, else of the stand-in index served in-process.
    /// Returns the routed index URL (<c>Main</c>: CPU torch projects from the CPU upstream only, the rest from the
    /// main one), the proxy's CPU view and the build arguments that point pip at them.
    /// </summary>
    public async Task<(string Main, string Cpu, IReadOnlyDictionary<string, string> BuildArgs)> IndexAsync(CancellationToken ct)
    {
        // One start however many steps ask at once (prefetch runs beside the builds).
        lock (_prefetchStop)
            _indexStart ??= StartIndexAsync(ct);
        _index = await _indexStart;
        return (_index.RoutedIndexUrl.ToString(), _index.CpuIndexUrl.ToString(), _index.BuildArgs);
    }

    private PackageProxyOptions ProxyOptions(Uri? upstream) => new()
    {
        MainIndexUrl = upstream ?? new Uri("http://stand-in.invalid/"), // replaced by the stand-in index's URL
        CpuIndexUrl = new Uri(settings.CpuIndexUrl ?? settings.TorchCpuIndexUrl),
        PackageCache = settings.PackageCache ?? PackageProxyOptions.DefaultPackageCache,
        Offline = settings.Offline,
        Port = settings.IndexPort,
        AccessLogPath = Path.Combine(settings.TemporaryDirectory, "proxy-access.log"),
        Logger = _log,
    };

    private async Task<LocalPackageIndex> StartIndexAsync(CancellationToken ct)
    {
        var upstream = settings.IndexUrl is { } main ? new Uri(main) : null;
        var proxy = ProxyOptions(upstream);
        LocalPackageIndex index;
        try
        {
            index = await LocalPackageIndex.StartAsync(proxy, upstream, MirrorOptions(0), ct);
        }
        catch (IndexOptionsException e) when (settings.IndexPort != 0 && e.Message.StartsWith("Cannot listen", StringComparison.Ordinal))
        {
            // The index URL is a build argument: a different port changes it and misses the layer cache.
            _log.Warning("{Reason}; using a free port instead (layers after pip steps will be rebuilt)", e.Message);
            index = await LocalPackageIndex.StartAsync(proxy with { Port = 0 }, upstream, MirrorOptions(0), ct);
        }
        if (index.Mirror is { } mirror)
            _log.Information("Stand-in upstream index at {Url}: {Built} wheels built, {Reused} reused",
                mirror.Server.BaseUrl, mirror.Wheelhouse.Built, mirror.Wheelhouse.Skipped);
        return index;
    }

    /// <summary>
    /// Prefetch: every file the given requirements locks pin (<c>--hash=sha256:</c>) fetched into the proxy's store
    /// over <paramref name="connections"/> connections, biggest first, so the builds that follow are store hits.
    /// Starts the index if needed; returns how many pinned files are in the store.
    /// </summary>
    public async Task<int> PrefetchAsync(IEnumerable<string> requirementsLocks, int connections, CancellationToken ct)
    {
        var pins = new List<PinnedFile>();
        foreach (var path in requirementsLocks)
        {
            var file = Pipeline.Python.Locks.RequirementsReader.Read(await File.ReadAllTextAsync(path, ct), path);
            pins.AddRange(file.Requirements.SelectMany(r => r.Hashes.Select(h => new PinnedFile(r.Name, h))));
        }
        await IndexAsync(ct);
        _prefetchPins = pins.Select(p => p.Sha256).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        // On a terminal each file is a live row (LiveProgressSink: events with a File property); elsewhere a file's
        // outcome is a debug line, so CI logs keep the one summary line.
        var live = Pipeline.Build.LiveProgressSink.IsWanted(Spectre.Console.AnsiConsole.Console);
        var progress = new InlineProgress<PrefetchFileProgress>(p =>
        {
            if (live) _log.Information("[{File}] {Progress}", p.File, p.Describe());
            else if (p.State != PrefetchFileState.Running) _log.Debug("[{File}] {Progress}", p.File, p.Describe());
        });
        return await _index!.Proxy.PrefetchPinnedAsync(pins, connections, progress, ct);
    }

    /// <summary>
    /// Prefetch, in the background: every file the requirements locks of the last LockCpu pin, fetched into the
    /// proxy's store over <see cref="PrefetchOptions.FetchConnections"/> connections (0: off) while BaseImage and BuildParallel run. A build
    /// asking for a file on its way joins that download. BuildParallel stops what is left when it ends.
    /// </summary>
    /// <exception cref="OptionsValidationException">The build's <see cref="StackTargetOptions.Prefetch"/> is out of range.</exception>
    public Task<StepOutcome> StartPrefetchAsync(CancellationToken ct) =>
        StartPrefetchAsync(OptionsValidator.Validate(PrefetchOptions()).FetchConnections, ct);

    private PrefetchOptions PrefetchOptions() => StackTargetOptions.Apply(_targets.Prefetch, new PrefetchOptions());

    /// <summary>Prefetch over <paramref name="connections"/> connections (0: off), whatever the build's <see cref="StackTargetOptions.Prefetch"/> says.</summary>
    public Task<StepOutcome> StartPrefetchAsync(int connections, CancellationToken ct)
    {
        if (connections < 1)
            return Task.FromResult(StepOutcome.Ok(new Dictionary<string, string> { ["Prefetch"] = "off (--fetch-connections 0)" }));
        // Requirements locks only (--hash pins): uv.lock and conda files are not read here, their builds fetch as they ask.
        var locks = _locks.Where(p => Path.GetExtension(p) is ".lock" or ".txt" && Path.GetFileName(p) != "uv.lock" && File.Exists(p)).ToList();
        if (locks.Count == 0)
            return Task.FromResult(StepOutcome.Ok(new Dictionary<string, string> { ["Prefetch"] = "nothing to fetch (run LockCpu first)" }));
        if (_prefetch is null)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _prefetchStop.Token).Token;
            _prefetch = Task.Run(() => PrefetchAsync(locks, connections, stop), stop);
            _log.Information("Prefetch: fetching what {Count} lock(s) pin over {Connections} connections while the images build", locks.Count, connections);
        }
        return Task.FromResult(StepOutcome.Ok(new Dictionary<string, string> { ["Prefetch"] = $"started: {locks.Count} lock(s), {connections} connections" }));
    }

    /// <summary>The background prefetch Prefetch started, until BuildParallel or disposal ends it (for tests).</summary>
    internal Task<int>? PrefetchRun => _prefetch;

    /// <summary>Stops a prefetch still running (the builds have asked for what they need) and says what it did.</summary>
    private async Task<IReadOnlyDictionary<string, string>> FinishPrefetchAsync()
    {
        if (_prefetch is not { } prefetch)
            return new Dictionary<string, string>();
        await _prefetchStop.CancelAsync();
        try
        {
            var stored = await prefetch;
            return new Dictionary<string, string> { ["Prefetch"] = $"{stored} of {_prefetchPins} locked files in the store" };
        }
        catch (OperationCanceledException)
        {
            return new Dictionary<string, string> { ["Prefetch"] = "stopped when the builds ended" };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A prefetch that failed only costs time: the builds fetched through the proxy themselves.
            _log.Warning("Prefetch failed: {Error}", e.Message);
            return new Dictionary<string, string> { ["Prefetch"] = $"failed: {e.Message.Split('\n')[0]}" };
        }
        finally
        {
            _prefetch = null;
        }
    }

    /// <summary>Proxy figures for the summary (empty when no index was started).</summary>
    private IReadOnlyDictionary<string, string> IndexNotes => _index?.Notes ?? new Dictionary<string, string>();

    private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> notes, IReadOnlyDictionary<string, string> more) =>
        notes.Concat(more).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>Stop: the stack's running containers, by compose project label and container name.</summary>
    public async Task<StepOutcome> StopAsync(CancellationToken ct)
    {
        var options = OptionsValidator.Validate(StopOptions());
        var engine = await EngineAsync(ct);
        var result = await new StackStopper(engine, _log).StopAsync(options, ct);
        var failed = result.Containers.Where(c => c.Outcome == StopOutcome.Failed).Select(c => $"{c.Name}: {c.Error}").ToList();
        return StepOutcome.From(result.Success, $"could not stop {string.Join("; ", failed)}", result.Notes);
    }

    private StopOptions StopOptions() => StackTargetOptions.Apply(_targets.Stop, new StopOptions { Compose = ComposeOptions });

    /// <summary>ConfigurePip: pip settings for slow networks, cache mounts and CPU-only torch in every Dockerfile.</summary>
    public async Task<StepOutcome> ConfigurePipAsync(CancellationToken ct)
    {
        var options = OptionsValidator.Validate(ConfigurePipOptions());
        if (options.Dockerfiles.Count == 0)
            options = options with { Dockerfiles = DockerfileTargets.For(await ProjectAsync(ct), settings.Services) };
        if (options.CacheMounts == CacheMountMode.Auto)
            options = options with { EngineSupportsCacheMounts = (await EngineAsync(ct)).Info.SupportsCacheMounts };
        var result = await new ConfigurePipRunner(_log).RunAsync(options, ct);
        if (options.DryRun)
            foreach (var file in result.Files.Where(f => f.Diff.Length > 0))
                _log.Information("{Diff}", file.Diff);
        if (result.Rows.Count > 0)
            _log.Information("ConfigurePip report:\n{Table}", ChangeTable.Format(result.Rows, Path.GetDirectoryName(settings.ComposeFile)));
        var failed = result.Files.Where(f => f.Status == FileStatus.Failed).Select(f => f.Error).ToList();
        return StepOutcome.From(result.Success, string.Join("; ", failed), result.Notes);
    }

    private ConfigurePipOptions ConfigurePipOptions() =>
        StackTargetOptions.Apply(_targets.ConfigurePip, new ConfigurePipOptions { Dockerfiles = [], TorchCpuIndexUrl = settings.TorchCpuIndexUrl });

    /// <summary>
    /// LockCpu: CPU torch index in pyproject files, locks re-made where their inputs changed (each for its
    /// service's Python), and an audit that no CUDA package is left. Files only ever name the public indexes;
    /// the routed index, the given index or the local one is handed to pip/uv at run time.
    /// </summary>
    public async Task<StepOutcome> LockCpuAsync(CancellationToken ct)
    {
        var fallback = Fallback;
        var options = LockCpuOptions(fallback);
        if (options.LockFiles.Count == 0 && options.Projects.Count == 0 && options.ProjectDirectories.Count == 0)
        {
            // A base whose tag names no Python is asked through the engine (cached by image ID); python: tags never connect.
            var images = new ImagePythons(EngineAsync, Path.Combine(settings.TemporaryDirectory, ImagePythons.CacheFileName), _log);
            options = options with
            {
                Projects = await PythonProjects.TargetsAsync(
                    await ProjectAsync(ct), settings.Services, fallback, _targets.PythonVersion, images.TargetOfAsync, ct),
            };
        }
        var result = await new LockCpuRunner().RunAsync(options, ct);
        _locks = result.Audits.Select(a => a.LockPath).Distinct(StringComparer.Ordinal).ToList();
        return StepOutcome.From(result.Success, result.Errors.FirstOrDefault() ?? CudaFailure(result), Merge(result.Notes, IndexNotes));
    }

    private TargetPlatform Fallback => TargetPlatform.LinuxX86_64(_targets.PythonVersion ?? "3.11");

    private LockCpuOptions LockCpuOptions(TargetPlatform fallback)
    {
        var options = StackTargetOptions.Apply(_targets.LockCpu, new LockCpuOptions
        {
            CpuIndexUrl = settings.TorchCpuIndexUrl,
            Target = fallback,
            Logger = _log,
        });
        // The package proxy's routed index, started only when a lock must be resolved: up-to-date locks need none.
        return options.RoutedIndexUrl is null && options.StartRoutedIndex is null
            ? options with { StartRoutedIndex = async c => (await IndexAsync(c)).Main }
            : options;
    }

    private static string CudaFailure(LockCpuResult result)
    {
        var cuda = result.Audits.Where(a => a.HasCuda).Select(a => Path.GetFileName(a.LockPath)).ToList();
        return cuda.Count > 0 ? $"CUDA packages in {string.Join(", ", cuda)}" : "see the log";
    }

    /// <summary>BaseImage: the local Python base image the stack's <c>FROM</c> lines are mapped to.</summary>
    public async Task<StepOutcome> BaseImageAsync(CancellationToken ct)
    {
        if (BaseImageProblems().ToList() is { Count: > 0 } problems)
            throw new OptionsValidationException(problems);
        var mapped = BaseImageUse.MappedBases(await ProjectAsync(ct), settings.Services, settings.BaseImageMap);
        if (mapped.Count == 0)
        {
            _log.Information("No Dockerfile of the stack starts FROM a mapped base image ({Map}): nothing to make",
                string.Join(", ", settings.BaseImageMap.Keys));
            return StepOutcome.Ok(new Dictionary<string, string> { ["Base image"] = "not needed" });
        }
        var engine = await EngineAsync(ct);
        var notes = new Dictionary<string, string>();
        var builder = new PythonBaseImageBuilder(engine, _log);
        foreach (var request in BaseImageRequest.For(mapped, settings.BaseImageMap, _targets.BaseImageRegistry))
        {
            var result = await builder.EnsureAsync(BaseImageOptions(request), ct);
            if (request.VersionMismatch(result.PythonVersion) is { } mismatch) _log.Warning("{Mismatch:l}", mismatch);
            foreach (var (key, value) in result.Notes) notes[notes.ContainsKey(key) ? $"{key} ({request.From})" : key] = value;
        }
        return StepOutcome.Ok(notes);
    }

    private PythonBaseImageOptions BaseImageTemplate() => StackTargetOptions.Apply(_targets.BaseImage, new PythonBaseImageOptions
    {
        WorkDirectory = PythonBaseImageOptions.DefaultWorkDirectory(settings.RootDirectory),
        Suite = Pipeline.BaseImages.Planning.DebianPythonSuites.Auto,
    });

    private PythonBaseImageOptions BaseImageOptions(BaseImageRequest request)
    {
        var template = BaseImageTemplate();
        var (suite, refusal) = request.SuiteFor(template.Suite);
        var options = template with
        {
            Tag = request.Tag,
            Suite = suite ?? "bookworm", // never bootstrapped: BootstrapRefusal says why
            BootstrapRefusal = refusal,
        };
        if (refusal is not null && request.RegistryImage is null) throw new StackException(refusal);
        return request.RegistryImage is { } registryImage
            ? options with { RegistryImage = registryImage }
            : options with { TryRegistryFirst = false };
    }

    /// <summary>BuildParallel: every image with a build section, in parallel, pointed at the package index.</summary>
    public async Task<StepOutcome> BuildParallelAsync(CancellationToken ct)
    {
        var options = OptionsValidator.Validate(BuildParallelOptions());
        var engine = await EngineAsync(ct);
        var (routed, cpu, indexArgs) = await IndexAsync(ct);
        // The index's build args underneath, the build's own (--build-args) on top.
        var buildArgs = indexArgs.Concat(options.BuildArgs).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        // Indexes a Dockerfile names itself go through the proxy too (in the context sent only): PyPI and the
        // configured upstreams to the routed index, the CPU torch indexes to the proxy's CPU index.
        var proxies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [Pipeline.Packaging.PackageIndexes.PypiSimple] = routed,
            ["https://pypi.python.org/simple"] = routed,
            [settings.TorchCpuIndexUrl] = cpu,
        };
        if (settings.IndexUrl is { } upstream) proxies[upstream] = routed;
        if (settings.CpuIndexUrl is { } cpuUpstream) proxies[cpuUpstream] = cpu;
        foreach (var (from, to) in options.IndexProxies) proxies[from] = to;
        var result = await new ParallelImageBuilder(engine, _log).BuildAsync(options with { BuildArgs = buildArgs, IndexProxies = proxies }, ct);
        LastBuild = result;
        var prefetched = await FinishPrefetchAsync();
        var failed = result.Rows.Where(r => r.Outcome == ImageBuildOutcome.Failed).Select(r => $"{r.Service} ({r.FailedStep ?? r.Error})").ToList();
        return StepOutcome.From(result.Success, $"failed: {string.Join(", ", failed)}", Merge(Merge(result.Notes, IndexNotes), prefetched));
    }

    // Host networking by default: builds reach the package index the session serves on 127.0.0.1.
    private BuildParallelOptions BuildParallelOptions() => StackTargetOptions.Apply(_targets.BuildParallel, new BuildParallelOptions
    {
        Compose = ComposeOptions,
        Services = settings.Services,
        HostNetwork = true,
        BaseImageMap = settings.BaseImageMap,
    });

    /// <summary>Verify: checks inside every image of the stack, with JUnit and Markdown reports.</summary>
    public async Task<StepOutcome> VerifyAsync(CheckSet checks, CancellationToken ct)
    {
        OptionsValidator.Validate(VerifyOptions(checks, []));
        var project = await ProjectAsync(ct);
        var engine = await EngineAsync(ct);
        var options = VerifyOptions(checks, VerifyTargets.For(project, settings.Services, _targets.DefaultSizeBudget));
        var result = await new ImageVerifier(engine, _log).VerifyAsync(options, ct);
        var failures = result.Failures.Select(f => $"{f.Service}: {f.Check} ({f.Reason})").ToList();
        return StepOutcome.From(result.Success, $"{failures.Count} check(s) failed: {string.Join("; ", failures)}", result.Notes);
    }

    private VerifyOptions VerifyOptions(CheckSet checks, IReadOnlyList<VerifyTarget> verifyTargets) => StackTargetOptions.Apply(_targets.Verify, new VerifyOptions
    {
        Targets = verifyTargets,
        RootDirectory = settings.RootDirectory,
        Checks = checks,
        GitHubStepSummaryPath = settings.Environment.GetValueOrDefault("GITHUB_STEP_SUMMARY"),
    });

    /// <summary>CleanEngine: removes Pipeline's leftovers from the engine (working and probe containers, replaced images), nothing else.</summary>
    public async Task<StepOutcome> CleanEngineAsync(CancellationToken ct)
    {
        var result = await new EngineCleaner(await EngineAsync(ct), _log).CleanAsync(ct);
        return StepOutcome.From(result.Failures.Count == 0, $"could not remove {string.Join("; ", result.Failures)}", result.Notes);
    }

    /// <summary>Mirror: serves the local index in the foreground until cancelled (Ctrl+C).</summary>
    public async Task<StepOutcome> MirrorAsync(CancellationToken ct)
    {
        var result = await MirrorRunner.RunAsync(MirrorOptions(settings.IndexPort) with
        {
            OnStarted = server => _log.Information("Serving {Indexes}; press Ctrl+C to stop", string.Join(" and ", server.IndexUrls.Values)),
        }, ct);
        return StepOutcome.Ok(result.Notes); // a mirror that fails throws; one that returns served until stopped
    }

    private MirrorOptions MirrorOptions(int port) => new()
    {
        WheelhouseDirectory = Path.Combine(settings.TemporaryDirectory, "wheelhouse"),
        CataloguePath = settings.Catalogue,
        ScaleFactor = settings.WheelScale,
        Throttle = settings.Throttle,
        Faults = settings.IndexFaults,
        Port = port,
        AccessLogPath = Path.Combine(settings.TemporaryDirectory, "index-access.log"),
        Logger = _log,
    };

    /// <summary>What the last BuildParallel of this session did, per image (for benchmarks); null before one ran.</summary>
    public BuildParallelResult? LastBuild { get; private set; }

    /// <summary>Bytes the local index (the proxy) served so far (for reports and benchmarks); null when none runs.</summary>
    public long? IndexBytesServed => _index?.Proxy.AccessLog.BytesSent;

    /// <summary>The proxy's figures so far (upstream bytes, hits, resumes); null when no index runs.</summary>
    public ProxyStats? IndexStats => _index?.Proxy.Stats;

    /// <summary>
    /// Proxy: serves the package proxy (in front of <c>--index-url</c>, or the stand-in index) in the foreground until
    /// cancelled (Ctrl+C), then reports its figures.
    /// </summary>
    public async Task<StepOutcome> ProxyAsync(CancellationToken ct)
    {
        var (routed, cpu, _) = await IndexAsync(ct);
        _log.Information("Serving {Routed} (routed) and {Cpu} (CPU); press Ctrl+C to stop", routed, cpu);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C is how a foreground proxy ends.
        }
        return StepOutcome.Ok(IndexNotes);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FinishPrefetchAsync();
        _prefetchStop.Dispose();
        if (_indexStart is not null)
        {
            LocalPackageIndex? index = null;
            try
            {
                index = await _indexStart;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A start that failed was reported by the step that asked for it; nothing to stop.
            }
            if (index is not null) await index.DisposeAsync();
        }
        if (_engine is not null) await _engine.DisposeAsync();
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (<see cref="Progress{T}"/> would post, out of order).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
