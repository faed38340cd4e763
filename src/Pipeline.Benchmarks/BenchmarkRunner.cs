using System.Diagnostics;
using Pipeline.Containers.Building;
using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Stack;
using Pipeline.Stack.LocalIndex;
using Serilog;

namespace Pipeline.Benchmarks;

/// <summary>
/// Runs the scenarios of a <see cref="ScenarioPlan"/> against one upstream (the stand-in index, throttled per
/// connection) and measures each run at the upstream. The base image is made once before the first run and is not
/// timed: every scenario starts from it alike.
/// </summary>
public sealed class BenchmarkRunner(ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? Log.Logger;

    /// <summary>Runs every planned build and returns the document (not yet written; see <see cref="BenchmarkReports"/>).</summary>
    public async Task<ResultsDocument> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems) throw new BenchmarkException(string.Join(Environment.NewLine, problems));
        var work = Path.GetFullPath(options.ResolvedWorkDirectory);
        Directory.CreateDirectory(work);
        var stack = await BenchmarkStack.ResolveAsync(options, work, _log, ct);
        var byHand = stack.ByHand == ByHandKind.PointAtUpstream || stack.ByHandOverlay is { } d && Directory.Exists(d);
        var plan = ScenarioPlanner.Plan(options, byHand, stack.Skipped);
        foreach (var (scenario, reason) in plan.Skipped) _log.Warning("Scenario {Scenario} not run: {Reason}", scenario.Name(), reason);
        if (plan.Runs.Count == 0) throw new BenchmarkException("--scenarios: nothing to run");

        var started = DateTimeOffset.UtcNow;
        // One image creation time for the whole benchmark (see SettingsFor).
        var created = DateTimeOffset.FromUnixTimeSeconds(started.ToUnixTimeSeconds());
        var git = await GitMetadata.ReadAsync(stack.Root, ct);
        var rate = options.ThrottleBytesPerSecond;

        var catalogue = stack.LoadCatalogue();
        var wheelhouse = await WheelhouseBuilder.BuildAsync(catalogue, new WheelhouseOptions
        {
            // One wheelhouse per catalogue and scale, reused next time.
            OutputDirectory = Path.Combine(work, stack.Catalogue == Catalogue.DefaultName
                ? FormattableString.Invariant($"wheelhouse-{options.WheelScale:0.####}")
                : FormattableString.Invariant($"wheelhouse-{stack.Catalogue}-{options.WheelScale:0.####}")),
            ScaleFactor = options.WheelScale,
            Logger = _log,
        }, ct);
        var sizes = wheelhouse.Rows.ToDictionary(r => $"{r.Index}/{r.FileName}", r => r.Bytes);
        await using var upstream = await PackageIndexServer.StartAsync(new PackageIndexOptions
        {
            Indexes = wheelhouse.IndexDirectories,
            ThrottleBytesPerSecond = rate,
            Faults = options.Faults,
            AccessLogPath = Path.Combine(work, "upstream-access.log"),
            Logger = _log,
        }, ct);
        var main = upstream.IndexUrl(LocalPackageIndex.MainIndex).ToString();
        var cpu = upstream.IndexUrl(LocalPackageIndex.CpuIndex).ToString();
        _log.Information("Upstream: {Main} and {Cpu}, {Rate} per connection, wheels at {Scale} of real sizes, faults: {Faults}",
            main, cpu, options.Throttle, options.WheelScale, options.Faults.Describe());

        await using var podman = options.Engine is null ? await PrivatePodman.StartAsync(Path.Combine(work, "podman"), _log, ct) : null;
        if (podman is null)
            _log.Warning("--engine given: that engine's pip cache mounts cannot be emptied (cold runs of by-hand and pipeline may reuse them) and cold builds use --no-cache instead of an empty layer cache");
        var defaults = (options.StackDefaults ?? new StackSettings { RootDirectory = options.RootDirectory, ComposeFile = stack.ComposeFile }) with
        {
            RootDirectory = options.RootDirectory,
            Engine = options.Engine ?? podman!.Endpoint,
            IndexUrl = main,
            CpuIndexUrl = cpu,
            Services = stack.Services,
        };
        if (stack.Services.Count > 0)
            _log.Information("Stack {Stack}: {Compose}, services {Services} (--services)", stack.Name, stack.ComposeFile, string.Join(",", stack.Services));
        defaults = defaults with { BaseImageMap = BaseImageMapFor(stack, defaults.BaseImageMap) };

        string engineName;
        if (podman is not null)
            foreach (var image in defaults.BaseImageMap.Values.Distinct())
                await podman.CopyImageFromMachineAsync(image, _log, ct);
        await using (var session = new StackSession(defaults with { ComposeFile = stack.ComposeFile }, _log, options.TargetDefaults))
        {
            var engine = (await session.EngineAsync(ct)).Info;
            engineName = $"{engine.Kind} {engine.Version}";
            var baseImage = await session.BaseImageAsync(ct);
            if (!baseImage.Success) throw new BenchmarkException($"BaseImage failed: {baseImage.Failure}");
        }

        // LockCpu's host pip reads PIP_CACHE_DIR from the environment it inherits; a private one can be emptied for cold runs.
        var hostPipCache = Path.Combine(work, "host-pip-cache");
        var previousPipCache = Environment.GetEnvironmentVariable("PIP_CACHE_DIR");
        Environment.SetEnvironmentVariable("PIP_CACHE_DIR", hostPipCache);
        var runs = new List<RunMeasurement>();
        try
        {
            var copies = new Dictionary<(Scenario, int), string>();
            foreach (var run in plan.Runs)
            {
                ct.ThrowIfCancellationRequested();
                if (run.Phase == Phase.Cold)
                {
                    copies[(run.Scenario, run.Repeat)] = await PrepareCopyAsync(stack, run, work, cpu, ct);
                    if (podman is not null)
                    {
                        podman.EmptyCacheMounts();
                        await podman.EmptyLayerCacheAsync(defaults.BaseImageMap.Values.Distinct(), _log, ct);
                    }
                    if (Directory.Exists(hostPipCache)) Directory.Delete(hostPipCache, recursive: true);
                    var proxyStore = ProxyStore(work);
                    if (Directory.Exists(proxyStore)) Directory.Delete(proxyStore, recursive: true);
                }
                var measured = await MeasureAsync(options, run, defaults, copies[(run.Scenario, run.Repeat)], upstream, sizes, rate, created, git.Revision, ct);
                runs.Add(measured);
                _log.Information("{Run}: {Wall} s{Steps}, {Bytes} over the link ({Needed} needed), {Ok} images built, {Failed} failed{Error}",
                    run, Math.Round(measured.WallSeconds, 1),
                    measured.StepSeconds.Count == 0 ? "" : $" ({string.Join(", ", measured.StepSeconds.Select(p => FormattableString.Invariant($"{p.Key} {p.Value:0.0} s")))})", Pipeline.IO.ByteSize.Format(measured.UpstreamBytes),
                    Pipeline.IO.ByteSize.Format(measured.NeededBytes), measured.ImagesOk, measured.ImagesFailed,
                    measured.Error is null ? "" : $" ({measured.Error})");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("PIP_CACHE_DIR", previousPipCache);
        }

        return new ResultsDocument
        {
            Setup = new BenchmarkSetup
            {
                ComposeFile = Path.GetRelativePath(options.RootDirectory, stack.ComposeFile),
                Stack = stack.Name,
                Services = stack.Services,
                Catalogue = catalogue.Name,
                WheelScale = options.WheelScale,
                Throttle = options.Throttle,
                ThrottleBytesPerSecond = rate,
                Drop = options.Faults.Drop,
                LatencyMs = options.Faults.Latency.TotalMilliseconds,
                Faults = options.Faults.Describe(),
                FloorConnections = options.FloorConnections,
                Repeat = options.Repeat,
                Skipped = plan.Skipped.ToDictionary(p => p.Key.Name(), p => p.Value),
                Engine = engineName,
                Started = started,
            },
            Runs = runs,
        };
    }

    private static async Task<string> PrepareCopyAsync(BenchmarkStack stack, PlannedRun run, string work, string cpuIndexUrl, CancellationToken ct)
    {
        var destination = Path.Combine(work, "runs", $"{run.Scenario.Name()}-{run.Repeat}");
        var overlay = run.Scenario == Scenario.ByHand && stack.ByHand == ByHandKind.Overlay ? stack.ByHandOverlay : null;
        var compose = StackCopy.Copy(stack.ComposeFile, destination, overlay, stack.Root);
        if (run.Scenario == Scenario.AsIs) await StackCopy.DeclareUpstreamArgsAsync(compose, ct);
        if (run.Scenario == Scenario.ByHand && stack.ByHand == ByHandKind.PointAtUpstream)
            await StackCopy.PointAtUpstreamAsync(compose, stack.Services, cpuIndexUrl, ct);
        return compose;
    }

    /// <summary>
    /// The seed stack's ralph-wiggum starts <c>FROM python:3.12-slim</c>, and no Debian suite ships Python 3.12 to
    /// bootstrap a local base from (docs/base-image.md): unless the build maps that tag itself, it is built on the
    /// bookworm (3.11) base, with a warning. Other stacks keep the build's map.
    /// </summary>
    private IReadOnlyDictionary<string, string> BaseImageMapFor(BenchmarkStack stack, IReadOnlyDictionary<string, string> map)
    {
        const string python312 = "python:3.12-slim";
        if (stack.Name != BenchmarkStack.SeedName || map.GetValueOrDefault(python312) != StackSettings.DefaultBaseImageMap[python312]
            || !map.TryGetValue("python:3.11-slim", out var bookworm))
            return map;
        _log.Warning("{From} is built on {Base} (Python 3.11): no Debian suite ships Python 3.12 to make a local 3.12 base from; --base-image-map {From}=... maps it elsewhere",
            python312, bookworm, python312);
        return new Dictionary<string, string>(map) { [python312] = bookworm };
    }

    private async Task<RunMeasurement> MeasureAsync(BenchmarkOptions options, PlannedRun run, StackSettings defaults, string compose,
        PackageIndexServer upstream, IReadOnlyDictionary<string, long> sizes, long rate, DateTimeOffset created, string? revision, CancellationToken ct)
    {
        var (settings, targets) = SettingsFor(options, run, defaults, compose, coldWithoutCache: options.Engine is not null, created, revision);
        var mark = upstream.AccessLog.Requests;
        var clock = Stopwatch.StartNew();
        string? error = null;
        bool? verifyOk = null;
        var steps = new Dictionary<string, double>();
        await using var session = new StackSession(settings, _log, targets);
        try
        {
            if (run.Scenario == Scenario.Pipeline)
            {
                // Rebuild's steps but Stop (nothing runs from a copy, and the copy's project name could match a running
                // stack) and BaseImage (made once before the first run, for every scenario alike).
                foreach (var (name, step) in new (string, Func<CancellationToken, Task<StepOutcome>>)[]
                         {
                             ("ConfigurePip", session.ConfigurePipAsync), ("LockCpu", session.LockCpuAsync),
                             ("Prefetch", c => session.StartPrefetchAsync(options.FetchConnections, c)), ("BuildParallel", session.BuildParallelAsync),
                         })
                {
                    var stepClock = Stopwatch.StartNew();
                    var outcome = await step(ct);
                    steps[name] = Math.Round(stepClock.Elapsed.TotalSeconds, 2);
                    if (!outcome.Success) { error = $"{name}: {outcome.Failure}"; break; }
                }
                if (error is null)
                {
                    var verifyClock = Stopwatch.StartNew();
                    var verify = await session.VerifyAsync(options.Checks, ct);
                    steps["Verify"] = Math.Round(verifyClock.Elapsed.TotalSeconds, 2);
                    verifyOk = verify.Success;
                    if (!verify.Success) error = $"Verify: {verify.Failure}";
                }
            }
            else
            {
                var outcome = await session.BuildParallelAsync(ct);
                if (!outcome.Success) error = outcome.Failure;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message.Split('\n')[0];
            _log.Debug(e, "{Run} failed", run);
        }
        clock.Stop();
        var traffic = UpstreamMeter.Measure(upstream.AccessLog.Entries.Skip(mark).ToList(), sizes);
        var rows = session.LastBuild?.Rows ?? [];
        var planned = rows.Count;
        return new RunMeasurement
        {
            Scenario = run.Scenario.Name(),
            Phase = run.Phase.Name(),
            Repeat = run.Repeat,
            WallSeconds = clock.Elapsed.TotalSeconds,
            UpstreamBytes = traffic.Bytes,
            UpstreamRequests = traffic.Requests,
            NeededBytes = traffic.NeededBytes,
            FloorSeconds = Floor.Seconds(traffic.NeededBytes, options.FloorConnections, rate),
            PeakConnections = traffic.PeakConnections,
            // "up to date" (same inputs as the image there, not sent) is a good image. Only the pipeline scenario skips
            // unchanged images: as-is and by-hand send every image to the engine (SkipUnchanged = false), as a user's
            // `podman build` does, and warm they get the engine's layer cache.
            ImagesOk = rows.Count(r => r.Outcome is Pipeline.Containers.Building.ImageBuildOutcome.Built or Pipeline.Containers.Building.ImageBuildOutcome.UpToDate),
            ImagesFailed = rows.Count(r => r.Outcome is not (Pipeline.Containers.Building.ImageBuildOutcome.Built or Pipeline.Containers.Building.ImageBuildOutcome.UpToDate)),
            Retries = traffic.Retries,
            Resumes = traffic.Resumes,
            Truncated = traffic.Truncated,
            RepeatDownloads = traffic.RepeatDownloads,
            BuildRetries = rows.Sum(r => Math.Max(0, r.Attempts - 1)),
            CudaBytes = traffic.CudaBytes,
            VerifyOk = verifyOk,
            StepSeconds = steps,
            Error = error ?? (planned == 0 ? "no image was built" : null),
        };
    }

    /// <summary>
    /// The settings of one run. as-is: one image after another, no build retries (what a user's engine does); by-hand:
    /// the hand fix's 4 at a time, no build retries; pipeline: the build's own parameters. Every scenario gets the upstream
    /// through build args and its own project name (so its images are its own). Cold runs start from an emptied layer
    /// cache; on an engine the benchmark did not start (<paramref name="coldWithoutCache"/>) they build with NoCache instead.
    /// </summary>
    /// <remarks>
    /// <paramref name="created"/> and <paramref name="revision"/>, when given, are every image's
    /// <c>org.opencontainers.image.created</c> and <c>revision</c> labels: by default they are the repository's last
    /// commit's, and a commit made while the benchmark runs would make every warm build a rebuild.
    /// </remarks>
    public static (StackSettings Settings, StackTargetOptions Targets) SettingsFor(BenchmarkOptions options, PlannedRun run, StackSettings defaults, string compose, bool coldWithoutCache,
        DateTimeOffset? created = null, string? revision = null)
    {
        // as-is and by-hand are what a user runs without Pipeline: pip straight at the upstream. The stack session would
        // hand builds its package proxy; these build args (which win over the session's) point pip past it.
        var upstreamArgs = defaults.IndexUrl is { } main
            ? IndexBuildArgs.For(main, defaults.CpuIndexUrl ?? main)
            : new Dictionary<string, string>();
        // The session also points index URLs a Dockerfile names (the upstream's, after the by-hand edit) at its proxy;
        // mapped to themselves, they are left alone.
        var upstreamStraight = new[] { defaults.IndexUrl, defaults.CpuIndexUrl }.OfType<string>().Distinct().ToDictionary(u => u, u => u);
        var environment = new Dictionary<string, string>(defaults.Environment)
        {
            ["COMPOSE_PROJECT_NAME"] = $"pipeline-bench-{run.Scenario.Name()}",
        };
        var settings = defaults with
        {
            ComposeFile = compose,
            Environment = environment,
            // The proxy's store is the benchmark's own, emptied for cold runs like every other cache.
            PackageCache = ProxyStore(Path.GetFullPath(options.ResolvedWorkDirectory)),
        };
        var targets = options.TargetDefaults ?? new StackTargetOptions();
        var reports = Path.Combine(Path.GetDirectoryName(compose)!, "verify");
        var noCache = coldWithoutCache && run.Phase == Phase.Cold;
        // Each scenario's build settings on top of the build's own (the pipeline scenario keeps them).
        BuildParallelOptions ForScenario(BuildParallelOptions o)
        {
            var built = StackTargetOptions.Apply(targets.BuildParallel, o) with { NoCache = noCache };
            if (created is not null && built.Created is null) built = built with { Created = created };
            if (revision is not null && !built.Labels.ContainsKey(RevisionLabel))
                built = built with { Labels = new Dictionary<string, string>(built.Labels) { [RevisionLabel] = revision } };
            static IReadOnlyDictionary<string, string> Merge(IEnumerable<KeyValuePair<string, string>> args) =>
                args.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            return run.Scenario switch
            {
                Scenario.AsIs => built with
                {
                    Parallelism = 1, Retry = built.Retry with { MaxAttempts = 1 }, ContinueOnError = true, SkipUnchanged = false,
                    BuildArgs = Merge(built.BuildArgs.Concat(upstreamArgs)),
                    IndexProxies = Merge(built.IndexProxies.Concat(upstreamStraight)),
                },
                Scenario.ByHand => built with
                {
                    Parallelism = options.ByHandParallelism, Retry = built.Retry with { MaxAttempts = 1 }, ContinueOnError = true, SkipUnchanged = false,
                    BuildArgs = Merge(built.BuildArgs.Concat(upstreamArgs).Append(new("TORCH_INDEX_URL", settings.CpuIndexUrl!))),
                    IndexProxies = Merge(built.IndexProxies.Concat(upstreamStraight)),
                },
                _ => built,
            };
        }
        return (settings, targets with
        {
            BuildParallel = ForScenario,
            Verify = o => StackTargetOptions.Apply(targets.Verify, o) with
            {
                JUnitPath = Path.Combine(reports, "junit.xml"),
                SummaryPath = Path.Combine(reports, "summary.md"),
                SizeHistoryPath = Path.Combine(reports, "image-sizes.json"),
            },
        });
    }

    private const string RevisionLabel = "org.opencontainers.image.revision";

    /// <summary>The package proxy's store for the pipeline scenario: under the benchmark's work directory.</summary>
    private static string ProxyStore(string work) => Path.Combine(work, "proxy-store");
}
