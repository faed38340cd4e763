using System.Collections.Concurrent;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// The BuildParallel target: builds every compose service with a <c>build:</c> section through the engine API,
/// bases first, at most <see cref="BuildParallelOptions.Parallelism"/> at a time, and reports a row per image.
/// </summary>
public sealed class ParallelImageBuilder(EngineSession engine, ILogger? logger = null)
{
    private readonly ILogger _logger = (logger ?? Log.Logger).ForContext<ParallelImageBuilder>();

    /// <summary>Builds the images; a failed image is a row with <see cref="ImageBuildOutcome.Failed"/>, not an exception.</summary>
    /// <exception cref="Pipeline.Compose.Errors.ComposeFileException">The compose file is invalid.</exception>
    /// <exception cref="BuildPlanException">Unknown services were asked for, or images depend on each other in a cycle.</exception>
    /// <exception cref="Pipeline.IO.Options.OptionsValidationException">An option is outside its declared range.</exception>
    public async Task<BuildParallelResult> BuildAsync(BuildParallelOptions options, CancellationToken ct = default)
    {
        Pipeline.IO.Options.OptionsValidator.Validate(options);
        var project = await ComposeFileLoader.LoadAsync(options.Compose, ct);
        var dockerfiles = await BuildPreparer.ReadDockerfilesAsync(project, options.BaseImageMap, ct);
        var plan = BuildPlanner.Plan(project, options.Services, dockerfiles);
        foreach (var build in plan)
        {
            foreach (var ignored in build.Build.Ignored)
                _logger.Warning("[{Service}] {Ignored}", build.Service.Name, ignored);
            if (build.Build.Platforms.Count > 1)
                _logger.Warning("[{Service}] {File}:{Line}: build.platforms lists {Count} platforms; BuildParallel builds for the engine's own platform only",
                    build.Service.Name, project.FilePath, build.Service.Line, build.Build.Platforms.Count);
        }
        var parallelism = options.Parallelism ?? BuildParallelOptions.DefaultParallelism;
        _logger.Information("BuildParallel: {Count} image(s) of project {Project} on {Engine}, parallelism {Parallelism}{Default}",
            plan.Count, project.Name, engine.Info, parallelism, options.Parallelism is null ? " (default for this machine)" : "");

        var git = await GitMetadata.ReadAsync(project.Directory, ct);
        var now = DateTimeOffset.UtcNow;
        var created = ImageLabels.CreatedTime(options.Created, options.Compose.Environment.GetValueOrDefault("SOURCE_DATE_EPOCH"), git, now);
        var preparer = new BuildPreparer(engine, options, _logger);
        var leftovers = await BuildLeftovers.StartAsync(engine, _logger, ct);
        var runner = new ImageBuildRunner(engine, options, _logger, leftovers.Own);
        var cache = options.RegistryCache is { } cacheOptions ? new RegistryCache(engine, cacheOptions, _logger) : null;
        var rows = new ConcurrentDictionary<string, ImageBuildRow>();
        var events = new List<BuildEvent>();
        var byName = plan.ToDictionary(b => b.Service.Name);

        void Record(string service, bool started)
        {
            lock (events) events.Add(new BuildEvent(events.Count, service, started, DateTimeOffset.UtcNow));
        }

        async Task<bool> RunOne(string name, CancellationToken token)
        {
            await Task.Yield(); // let the scheduler start the next build while this one prepares
            Record(name, true);
            var build = byName[name];
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var digested = await preparer.DigestAsync(project, build, git, created, created == now, token);
                foreach (var id in digested.BaseImageIds.Values) leftovers.Own(id);
                if (!options.NoCache && options.SkipUnchanged && await UpToDateSizeAsync(build.Image, digested.InputsDigest, token) is { } size)
                {
                    // Nothing this image is made from changed: the engine is not asked to build it at all.
                    _logger.Information("[{Service}] up to date: {Image} was built from the same inputs ({Digest})", name, build.Image, digested.InputsDigest[..19]);
                    rows[name] = new ImageBuildRow(name, build.Image, ImageBuildOutcome.UpToDate, clock.Elapsed, size, 0, 0, 0);
                }
                else if (!options.NoCache && cache is not null && await cache.TryPullAsync(name, build.Image, digested.InputsDigest, token) is { } pulled)
                {
                    rows[name] = new ImageBuildRow(name, build.Image, ImageBuildOutcome.Pulled, clock.Elapsed, pulled, 0, 0, 0);
                }
                else
                {
                    using var prepared = await preparer.PackAsync(digested, token);
                    var sources = await RegistryCache.PullCacheSourcesAsync(engine, _logger, name,
                        RegistryCache.CacheSources(build.Build, build.Image, options.CacheFrom), token);
                    var row = await runner.BuildAsync(prepared, sources, token);
                    if (row.Outcome == ImageBuildOutcome.Built && cache is not null && await cache.PushAsync(name, build.Image, digested.InputsDigest, token) is { } error)
                        row = row with { Error = $"built; push to the registry cache failed: {error}" };
                    if (row.Outcome == ImageBuildOutcome.Built && await RegistryCache.PushCacheTargetsAsync(engine, _logger, name, build.Image,
                            RegistryCache.CacheTargets(build.Build, build.Image, options.CacheTo), token) is { } cacheToError)
                        row = row with { Error = row.Error is null ? $"built; cache_to push failed: {cacheToError}" : $"{row.Error}; cache_to push failed: {cacheToError}" };
                    rows[name] = row;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                rows[name] = new ImageBuildRow(name, build.Image, ImageBuildOutcome.Cancelled, TimeSpan.Zero, null, 0, 0, 0, Error: "cancelled");
            }
            catch (Exception e)
            {
                // Any error (a bad .dockerignore, an engine API error after the build...) is this image's failure, with
                // its own message: a job that threw would otherwise show up as "skipped" and the cause would be lost.
                // The runner logs the failures it reports as rows itself, so this is the only log line for these.
                _logger.Error("[{Service}] {Error}", name, e.Message);
                rows[name] = new ImageBuildRow(name, build.Image, ImageBuildOutcome.Failed, TimeSpan.Zero, null, 0, 0, 0, Error: e.Message);
            }
            finally
            {
                Record(name, false);
            }
            return rows[name].Outcome.Succeeded();
        }

        IReadOnlyDictionary<string, DependencyScheduler.JobState> states;
        try
        {
            states = await DependencyScheduler.RunAsync(
                plan.ToDictionary(b => b.Service.Name, b => b.DependsOn), parallelism, options.ContinueOnError, RunOne, ct);
        }
        catch
        {
            leftovers.Finish(keepRecord: false);
            throw;
        }

        var ordered = plan.Select(b => rows.TryGetValue(b.Service.Name, out var row) ? row : Skipped(b, states, ct)).ToList();
        var notes = new Dictionary<string, string>();
        var stopped = ct.IsCancellationRequested || ordered.Any(r => r.Outcome is ImageBuildOutcome.Failed or ImageBuildOutcome.Cancelled);
        var cleanedUp = true;
        // An attempt that was retried may have lost its engine mid-step (the service died and came back): that step's
        // working container stays, whatever the outcome, and no engine is left to end it, so it is removed without a wait.
        if (stopped || ordered.Any(r => r.Attempts > 1))
        {
            // A stopped or failed build can leave buildah working containers behind: wait for the engine, then remove them.
            var (removed, left) = await leftovers.CleanAsync(stopped ? options.LeftoverWait : TimeSpan.Zero);
            cleanedUp = left == 0;
            notes["cleaned"] = left < 0 ? "could not look for working containers (the next BuildParallel removes them)"
                : left > 0 ? $"{removed} working container(s) removed, {left} could not be (the next BuildParallel removes them)"
                : $"{removed} working container(s) removed";
            _logger.Information("BuildParallel cleanup: {Cleaned}", notes["cleaned"]);
        }
        // When the engine could not be asked (it went away), the run's record stays, marked ended: the next run removes
        // what this one left, as it does for a killed run.
        leftovers.Finish(keepRecord: !cleanedUp);
        if (cache is not null) notes["pulled"] = $"{ordered.Count(r => r.Outcome == ImageBuildOutcome.Pulled)}/{ordered.Count}";
        if (leftovers.Swept > 0) notes["killed builds"] = $"{leftovers.Swept} working container(s) of killed build runs removed";
        var result = new BuildParallelResult(
            ordered, events, parallelism,
            new Dictionary<string, string>
            {
                ["engine"] = engine.Info.ToString(),
                ["parallelism"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["built"] = $"{ordered.Count(r => r.Outcome == ImageBuildOutcome.Built)}/{ordered.Count}",
                ["up to date"] = $"{ordered.Count(r => r.Outcome == ImageBuildOutcome.UpToDate)}/{ordered.Count}",
                ["retries"] = ordered.Sum(r => Math.Max(0, r.Attempts - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            }.Concat(notes).ToDictionary());
        _logger.Information("BuildParallel results:\n{Table}", BuildReportTable.Format(ordered));
        ct.ThrowIfCancellationRequested();
        return result;
    }

    // The image's size when it carries the same inputs digest, else null (missing, or built from other inputs).
    private async Task<long?> UpToDateSizeAsync(string image, string digest, CancellationToken ct)
    {
        try
        {
            var inspect = await engine.Client.Images.InspectImageAsync(image, ct);
            return inspect.Config?.Labels is { } labels && labels.TryGetValue(ImageLabels.InputsLabel, out var found) && found == digest ? inspect.Size : null;
        }
        catch (Docker.DotNet.DockerImageNotFoundException)
        {
            return null;
        }
    }

    private static ImageBuildRow Skipped(PlannedBuild build, IReadOnlyDictionary<string, DependencyScheduler.JobState> states, CancellationToken ct)
    {
        var failedBase = build.DependsOn.FirstOrDefault(d => states.GetValueOrDefault(d) != DependencyScheduler.JobState.Succeeded);
        var why = ct.IsCancellationRequested ? "cancelled before it started"
            : failedBase is not null ? $"base image of service '{failedBase}' was not built"
            : "not started after an earlier failure (use --continue-on-error to build the rest)";
        return new ImageBuildRow(build.Service.Name, build.Image,
            ct.IsCancellationRequested ? ImageBuildOutcome.Cancelled : ImageBuildOutcome.Skipped, TimeSpan.Zero, null, 0, 0, 0, Error: why);
    }
}
