using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Engine;
using Polly;
using Polly.Retry;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// Builds one image through the engine API with live progress, retrying transient failures (Polly: exponential
/// backoff with jitter) and failing at once on a real build error with the failing step and its output.
/// </summary>
internal sealed class ImageBuildRunner(EngineSession engine, BuildParallelOptions options, ILogger logger, Action<string>? imageCommitted = null)
{
    private readonly BuildFailureClassifier _classifier = new(options.Retry.TransientOutputPatterns);

    /// <param name="build">The image's context and plan.</param>
    /// <param name="cacheFrom">Cache images in the engine (pulled cache_from sources) it may reuse layers of.</param>
    /// <param name="ct">Stops the build.</param>
    public async Task<ImageBuildRow> BuildAsync(PreparedBuild build, IReadOnlyList<string> cacheFrom, CancellationToken ct)
    {
        var service = build.Plan.Service.Name;
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        BuildOutputTracker? tracker = null;
        try
        {
            await RetryPipeline(service).ExecuteAsync(async token =>
            {
                attempts++;
                tracker = new BuildOutputTracker(options.FailureOutputLines);
                await AttemptAsync(build, cacheFrom, tracker, clock, token);
            }, ct);
            var size = (await engine.Client.Images.InspectImageAsync(build.Plan.Image, ct)).Size;
            logger.Information("[{Service}] built {Image} in {Elapsed:0.0} s ({Cached}/{Steps} steps cached)",
                service, build.Plan.Image, clock.Elapsed.TotalSeconds, tracker!.CachedSteps, tracker.TotalSteps);
            return Row(build, ImageBuildOutcome.Built, clock, tracker, attempts, size);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.Warning("[{Service}] build cancelled after {Elapsed:0.0} s", service, clock.Elapsed.TotalSeconds);
            return Row(build, ImageBuildOutcome.Cancelled, clock, tracker, attempts, null, error: "cancelled");
        }
        catch (ImageBuildFailedException e)
        {
            logger.Error("[{Service}] {Error}\n{Output}", service, e.Message, e.Output);
            return Row(build, ImageBuildOutcome.Failed, clock, tracker, attempts, null, e.Step, e.Message, e.Output);
        }
        catch (TransientBuildException e)
        {
            var message = $"still failing after {attempts} attempts: {e.Message}";
            logger.Error("[{Service}] {Error}", service, message);
            return Row(build, ImageBuildOutcome.Failed, clock, tracker, attempts, null, tracker?.CurrentStep, message, tracker?.StepOutput);
        }
    }

    private async Task AttemptAsync(PreparedBuild build, IReadOnlyList<string> cacheFrom, BuildOutputTracker tracker, Stopwatch clock, CancellationToken ct)
    {
        var service = build.Plan.Service.Name;
        if (imageCommitted is not null) tracker.ImageCommitted += imageCommitted;
        tracker.StepStarted += step => logger.Information("[{Service}] {Step} ({Elapsed:0.0} s)", service, step, clock.Elapsed.TotalSeconds);
        var section = build.Plan.Build;
        var parameters = new ImageBuildParameters
        {
            Tags = [build.Plan.Image, .. section.Tags],
            Dockerfile = build.Context.DockerfileInTar,
            BuildArgs = build.BuildArgs,
            // No Labels here: they are a LABEL step in the Dockerfile sent (DockerfileRewriter.AddLabels says why).
            Target = section.Target,
            NoCache = options.NoCache || section.NoCache,
            Pull = section.Pull ? "true" : null,
            // The compose file's own network wins: the user chose it for this build.
            NetworkMode = section.Network ?? (options.HostNetwork ? "host" : null),
            // Only images the engine has: cache_from entries were pulled first, and one the registry lacked is left out.
            // Not for podman: its API reads cachefrom as one repository of buildah's own remote cache (a list, or an
            // image with a tag, fails the build with an empty error); the pulled images are in its storage already.
            CacheFrom = cacheFrom.Count > 0 && engine.Info.Kind == EngineKind.Docker ? [.. cacheFrom] : null,
            ExtraHosts = section.ExtraHosts.Count > 0 ? [.. section.ExtraHosts] : null,
            ShmSize = section.ShmSize,
            Platform = section.Platforms.Count == 1 ? section.Platforms[0] : null,
            ForceRemove = true, // or every failed podman build leaves a hidden buildah container
            Remove = true,
        };
        var progress = new SynchronousProgress<JSONMessage>(message =>
        {
            tracker.OnOutput(message.Stream);
            if (message.Error?.Message is { } error) tracker.OnError(error);
        });

        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(service, tracker, clock, heartbeatStop.Token);
        try
        {
            await using var tar = build.Context.Open();
            await engine.Client.Images.BuildImageFromDockerfileAsync(parameters, tar, null, null, progress, ct);
        }
        catch (DockerApiException e) when (!ct.IsCancellationRequested)
        {
            // dockerd reports a failed step as an API error; podman only in the stream (handled below).
            var body = e.ResponseBody ?? e.Message;
            if (_classifier.FindTransientCause(body, tracker.StepOutput) is not null || ((int)e.StatusCode >= 500 && !IsBuildError(body)))
                throw new TransientBuildException($"engine answered HTTP {(int)e.StatusCode}: {FirstLine(body)}", e);
            throw Failure(tracker, FirstLine(body), e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && EngineErrors.IsConnectionFailure(e))
        {
            throw new TransientBuildException($"engine connection failed: {FirstLine(e.Message)}", e);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }

        if (tracker.Errors.Count > 0)
        {
            var error = string.Join("; ", tracker.Errors);
            var pattern = _classifier.FindTransientCause(error, tracker.StepOutput);
            if (pattern is not null) throw new TransientBuildException($"'{pattern}' during {tracker.CurrentStep}: {FirstLine(error)}");
            throw Failure(tracker, FirstLine(error), null);
        }
    }

    private static ImageBuildFailedException Failure(BuildOutputTracker tracker, string error, Exception? inner) =>
        new(tracker.CurrentStep is null ? error : $"{tracker.CurrentStep} failed: {error}", tracker.CurrentStep, tracker.StepOutput, inner);

    private static bool IsBuildError(string body) =>
        body.Contains("returned a non-zero code", StringComparison.OrdinalIgnoreCase)
        || body.Contains("dockerfile parse error", StringComparison.OrdinalIgnoreCase);

    private async Task HeartbeatAsync(string service, BuildOutputTracker tracker, Stopwatch clock, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.ProgressHeartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                logger.Information("[{Service}] still at {Step} ({Elapsed:0.0} s)", service, tracker.CurrentStep ?? "start", clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            // the build ended
        }
    }

    private ResiliencePipeline RetryPipeline(string service)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransientBuildException>(),
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                OnRetry = args =>
                {
                    logger.Warning("[{Service}] attempt {Attempt} failed transiently ({Reason}); retry {Retry}/{Max} in {Delay:0.0} s",
                        service, args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.AttemptNumber + 1,
                        options.Retry.MaxAttempts - 1, args.RetryDelay.TotalSeconds);
                    return default;
                },
            });
        }
        return builder.Build();
    }

    private static ImageBuildRow Row(
        PreparedBuild build, ImageBuildOutcome outcome, Stopwatch clock, BuildOutputTracker? tracker, int attempts, long? size,
        string? step = null, string? error = null, string? output = null) =>
        new(build.Plan.Service.Name, build.Plan.Image, outcome, clock.Elapsed, size, tracker?.TotalSteps ?? 0,
            tracker?.CachedSteps ?? 0, attempts, step, error, output);

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
}
