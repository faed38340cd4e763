using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Stopping;

/// <summary>
/// The Stop target: stops the stack's running containers (chosen by <see cref="StackContainerSelector"/>: compose's
/// container labels or <c>container_name</c>, never labels inherited from an image) in parallel (SIGTERM, then kill
/// after the grace period) and reports each. Idempotent: nothing running is success.
/// </summary>
public sealed class StackStopper(EngineSession engine, ILogger? logger = null)
{
    private readonly ILogger _logger = (logger ?? Log.Logger).ForContext<StackStopper>();

    /// <summary>Stops the project's containers.</summary>
    /// <exception cref="Pipeline.Compose.Errors.ComposeFileException">The compose file is invalid.</exception>
    /// <exception cref="Pipeline.IO.Options.OptionsValidationException">An option is outside its declared range.</exception>
    public async Task<StopResult> StopAsync(StopOptions options, CancellationToken ct = default)
    {
        Pipeline.IO.Options.OptionsValidator.Validate(options);
        var project = await ComposeFileLoader.LoadAsync(options.Compose, ct);
        var running = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, ct);
        var images = await ImageLabelsAsync(running, ct);
        var targets = StackContainerSelector.Select(project, running, id => images.GetValueOrDefault(id));
        _logger.Information("Stop: {Count} running container(s) of project {Project} (grace {Grace:0.#} s)",
            targets.Count, project.Name, options.GracePeriod.TotalSeconds);

        var rows = new ConcurrentBag<StoppedContainer>();
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
            async (target, token) => rows.Add(await StopOneAsync(target.Container, target.MatchedBy, options.GracePeriod, token)));

        var ordered = rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        foreach (var row in ordered)
            _logger.Information("Stop: {Name} ({MatchedBy}): {Outcome} in {Elapsed:0.0} s {Error}", row.Name, row.MatchedBy, row.Outcome, row.Duration.TotalSeconds, row.Error);
        return new StopResult(ordered.All(r => r.Outcome != StopOutcome.Failed), project.Name, ordered,
            new Dictionary<string, string>
            {
                ["project"] = project.Name,
                ["stopped"] = ordered.Count(r => r.Outcome is StopOutcome.Stopped or StopOutcome.Killed).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["killed"] = ordered.Count(r => r.Outcome == StopOutcome.Killed).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    // Labels of the images the running containers were made from, to tell compose's labels from inherited ones.
    private async Task<Dictionary<string, IDictionary<string, string>?>> ImageLabelsAsync(IEnumerable<ContainerListResponse> containers, CancellationToken ct)
    {
        var labels = new Dictionary<string, IDictionary<string, string>?>(StringComparer.Ordinal);
        foreach (var id in containers.Select(c => c.ImageID).Where(id => !string.IsNullOrEmpty(id)).Distinct())
        {
            try
            {
                labels[id] = (await engine.Client.Images.InspectImageAsync(id, ct)).Config?.Labels;
            }
            catch (DockerImageNotFoundException)
            {
                labels[id] = null; // removed since: the container's labels are its own
            }
        }
        return labels;
    }

    private async Task<StoppedContainer> StopOneAsync(ContainerListResponse container, string matchedBy, TimeSpan grace, CancellationToken ct)
    {
        var name = container.Names?.FirstOrDefault()?.TrimStart('/') ?? container.ID;
        var id = container.ID[..Math.Min(12, container.ID.Length)];
        var clock = Stopwatch.StartNew();
        try
        {
            var stopped = await engine.Client.Containers.StopContainerAsync(container.ID,
                new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, ct);
            if (!stopped) return new StoppedContainer(name, id, matchedBy, StopOutcome.AlreadyStopped, clock.Elapsed);
            var state = await engine.Client.Containers.InspectContainerAsync(container.ID, ct);
            var outcome = state.State?.ExitCode == 137 ? StopOutcome.Killed : StopOutcome.Stopped;
            return new StoppedContainer(name, id, matchedBy, outcome, clock.Elapsed);
        }
        catch (DockerContainerNotFoundException)
        {
            return new StoppedContainer(name, id, matchedBy, StopOutcome.AlreadyStopped, clock.Elapsed);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotModified)
        {
            return new StoppedContainer(name, id, matchedBy, StopOutcome.AlreadyStopped, clock.Elapsed);
        }
        catch (DockerApiException e)
        {
            return new StoppedContainer(name, id, matchedBy, StopOutcome.Failed, clock.Elapsed, e.ResponseBody?.Trim() ?? e.Message);
        }
    }
}
