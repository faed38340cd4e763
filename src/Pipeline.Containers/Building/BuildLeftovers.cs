using System.Collections.Concurrent;
using System.Diagnostics;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// Finds and removes the working containers a run's builds leave when they are cancelled, fail or lose the engine
/// connection. Buildah's working containers carry no labels, so a container is the run's when it was created during
/// the run, was not there before it, and was started from an image the run's builds used: a base image (by ID) or
/// an image a step committed (the <c>--&gt; id</c> lines of the build output). podman does not abort a running step
/// when the client goes away: it ends the step, then removes the container itself (<c>ForceRemove</c>); so the run
/// first waits for that (bounded), then removes what is left. Limitation: a build of another program started from the
/// same base image during the same seconds cannot be told apart from the FROM step of this run.
/// </summary>
internal sealed class BuildLeftovers
{
    private readonly EngineSession _engine;
    private readonly ILogger _logger;
    private readonly HashSet<string> _before;
    private readonly DateTimeOffset _start;
    private readonly ConcurrentDictionary<string, byte> _images = new(StringComparer.Ordinal);

    private BuildLeftovers(EngineSession engine, ILogger logger, HashSet<string> before, DateTimeOffset start)
    {
        _engine = engine;
        _logger = logger;
        _before = before;
        _start = start;
    }

    /// <summary>Notes the working containers that exist before the run (they are never the run's).</summary>
    public static async Task<BuildLeftovers> StartAsync(EngineSession engine, ILogger logger, CancellationToken ct)
    {
        var start = DateTimeOffset.UtcNow;
        var before = (await ListOrEmptyAsync(engine, logger, ct)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        // Container times come from the engine's clock, which may lag ours a little.
        return new BuildLeftovers(engine, logger, before, start.AddSeconds(-2));
    }

    /// <summary>An image ID (full or a prefix, as build output shows it) that the run's steps start containers from.</summary>
    public void Own(string imageId)
    {
        var id = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId[7..] : imageId;
        if (id.Length >= 10) _images.TryAdd(id, 0);
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the engine to end the run's steps and remove their containers, then
    /// removes the rest. Returns what was removed and what could not be (never throws: the run's own outcome matters more).
    /// </summary>
    public async Task<(int Removed, int Left)> CleanAsync(TimeSpan wait)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var mine = await MineAsync();
            // Readiness poll with a deadline: buildah's containers are not podman's, so no engine event announces their removal.
            while (mine.Count > 0 && clock.Elapsed < wait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                mine = await MineAsync();
            }
            if (mine.Count == 0) return (0, 0);
            var removed = 0;
            foreach (var container in mine)
            {
                try
                {
                    if (await WorkingContainers.RemoveAsync(_engine, container.Id, CancellationToken.None)) removed++;
                }
                catch (Exception e)
                {
                    _logger.Warning("Could not remove build container {Name} ({Id}): {Error}", container.Name, container.Id[..12], e.Message);
                }
            }
            _logger.Information("Removed {Count} working container(s) the stopped builds left: {Names}",
                removed, string.Join(", ", mine.Select(c => c.Name)));
            return (removed, mine.Count - removed);
        }
        catch (Exception e)
        {
            _logger.Warning("Could not look for the builds' working containers ({Error}); ./build.sh CleanEngine removes them later", e.Message);
            return (0, -1);
        }
    }

    private async Task<List<WorkingContainer>> MineAsync() =>
        (await WorkingContainers.ListAsync(_engine, CancellationToken.None))
        .Where(c => !_before.Contains(c.Id) && c.Created >= _start && IsOwnedImage(c.ImageId))
        .ToList();

    private bool IsOwnedImage(string imageId)
    {
        var id = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId[7..] : imageId;
        return id.Length > 0 && _images.Keys.Any(owned => id.StartsWith(owned, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<WorkingContainer>> ListOrEmptyAsync(EngineSession engine, ILogger logger, CancellationToken ct)
    {
        try
        {
            return await WorkingContainers.ListAsync(engine, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.Debug("Listing working containers failed: {Error}", e.Message);
            return [];
        }
    }
}
