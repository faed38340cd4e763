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
/// A run that is killed (<c>kill -9</c>) cleans nothing: its running step's container stays (the podman service
/// Pipeline started dies with it). So each run keeps a record in the session's state directory (its start and the
/// images it owns) while it runs, and the next run removes the working containers of records whose process is gone.
/// </summary>
internal sealed class BuildLeftovers
{
    /// <summary>The folder below <see cref="EngineSession.StateDirectory"/> that holds the records of running builds.</summary>
    public const string RecordFolder = "builds";

    private readonly EngineSession _engine;
    private readonly ILogger _logger;
    private readonly HashSet<string> _before;
    private readonly DateTimeOffset _start;
    private readonly ConcurrentDictionary<string, byte> _images = new(StringComparer.Ordinal);
    private readonly string _record;
    private readonly Lock _recordLock = new();

    private BuildLeftovers(EngineSession engine, ILogger logger, HashSet<string> before, DateTimeOffset start, string record, int swept)
    {
        _engine = engine;
        _logger = logger;
        _before = before;
        _start = start;
        _record = record;
        Swept = swept;
    }

    /// <summary>Working containers of killed earlier runs that <see cref="StartAsync"/> removed.</summary>
    public int Swept { get; }

    /// <summary>
    /// Removes what killed earlier runs left, records this run, and notes the working containers that exist before it
    /// (they are never the run's).
    /// </summary>
    public static async Task<BuildLeftovers> StartAsync(EngineSession engine, ILogger logger, CancellationToken ct)
    {
        var start = DateTimeOffset.UtcNow;
        var folder = Path.Combine(engine.StateDirectory, RecordFolder);
        var swept = await SweepKilledRunsAsync(engine, folder, logger, ct);
        var before = (await ListOrEmptyAsync(engine, logger, ct)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        // Container times come from the engine's clock, which may lag ours a little.
        var record = RunRecord.Create(folder, start.AddSeconds(-2));
        return new BuildLeftovers(engine, logger, before, start.AddSeconds(-2), record, swept);
    }

    /// <summary>An image ID (full or a prefix, as build output shows it) that the run's steps start containers from.</summary>
    public void Own(string imageId)
    {
        var id = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId[7..] : imageId;
        if (id.Length < 10 || !_images.TryAdd(id, 0)) return;
        try
        {
            lock (_recordLock) File.AppendAllText(_record, id + "\n");
        }
        catch (IOException e)
        {
            // Only a later run's sweep misses this image: the run's own cleanup still knows it.
            _logger.Debug("Could not record image {Image} in {Record}: {Error}", id, _record, e.Message);
        }
    }

    /// <summary>
    /// The run is over: its record goes, or, when <paramref name="keepRecord"/> (the run could not remove what it left:
    /// the engine went away), stays marked as ended, so that the next run, even in the same process, removes it.
    /// </summary>
    public void Finish(bool keepRecord)
    {
        if (!keepRecord)
        {
            RunRecord.Delete(_record);
            return;
        }
        try
        {
            File.Move(_record, RunRecord.Ended(_record), overwrite: true);
        }
        catch (IOException e)
        {
            _logger.Debug("Could not mark run record {Record} ended: {Error}", _record, e.Message);
        }
    }

    // Records of runs whose process is gone: their working containers (created after the run started, from an image it
    // owned) are removed, unless a run still going owns the same image and could have made it (CleanEngine is for those).
    private static async Task<int> SweepKilledRunsAsync(EngineSession engine, string folder, ILogger logger, CancellationToken ct)
    {
        var records = RunRecord.ReadAll(folder);
        var killed = records.Where(r => !r.IsRunning).ToList();
        if (killed.Count == 0) return 0;
        var running = records.Where(r => r.IsRunning).ToList();
        var removed = 0;
        IReadOnlyList<WorkingContainer> containers;
        try
        {
            containers = await WorkingContainers.ListAsync(engine, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The records stay for a run that can look.
            logger.Debug("Listing working containers failed: {Error}", e.Message);
            return 0;
        }
        foreach (var container in containers)
        {
            if (!killed.Any(r => r.Owns(container)) || running.Any(r => r.Owns(container))) continue;
            try
            {
                if (await WorkingContainers.RemoveAsync(engine, container.Id, ct)) removed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.Warning("Could not remove build container {Name} ({Id}) of a killed build: {Error}", container.Name, container.Id[..12], e.Message);
            }
        }
        foreach (var record in killed) RunRecord.Delete(record.Path);
        if (removed > 0)
            logger.Warning("Removed {Count} working container(s) left by {Runs} build run(s) that were killed (process {Pids} gone)",
                removed, killed.Count, string.Join(", ", killed.Select(r => r.Pid)));
        return removed;
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

    /// <summary>
    /// A run's record: <c>build-&lt;pid&gt;-&lt;id&gt;.run</c>, its start (Unix milliseconds) on the first line, then one
    /// owned image ID a line, appended as the run learns them (a line cut by a kill is too short to match anything).
    /// </summary>
    private sealed record RunRecord(string Path, int Pid, DateTimeOffset Start, IReadOnlyList<string> Images, bool HasEnded)
    {
        private const string EndedPrefix = "ended-";

        public bool IsRunning => !HasEnded && (Pid == Environment.ProcessId || Directory.Exists($"/proc/{Pid}"));

        /// <summary>The name of <paramref name="path"/>'s record once its run has ended without cleaning up.</summary>
        public static string Ended(string path) =>
            System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, EndedPrefix + System.IO.Path.GetFileName(path));

        public bool Owns(WorkingContainer container)
        {
            var id = container.ImageId.StartsWith("sha256:", StringComparison.Ordinal) ? container.ImageId[7..] : container.ImageId;
            return container.Created >= Start && id.Length > 0 && Images.Any(owned => id.StartsWith(owned, StringComparison.Ordinal));
        }

        public static string Create(string folder, DateTimeOffset start)
        {
            Directory.CreateDirectory(folder);
            var path = System.IO.Path.Combine(folder, $"build-{Environment.ProcessId}-{Guid.NewGuid():N}.run");
            File.WriteAllText(path, start.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            return path;
        }

        public static void Delete(string path) => File.Delete(path);

        public static List<RunRecord> ReadAll(string folder)
        {
            var records = new List<RunRecord>();
            if (!Directory.Exists(folder)) return records;
            foreach (var path in Directory.EnumerateFiles(folder, "*build-*.run"))
            {
                var name = System.IO.Path.GetFileNameWithoutExtension(path);
                var ended = name.StartsWith(EndedPrefix, StringComparison.Ordinal);
                var parts = (ended ? name[EndedPrefix.Length..] : name).Split('-');
                string[] lines;
                try
                {
                    lines = File.ReadAllLines(path);
                }
                catch (IOException)
                {
                    continue; // removed meanwhile by its run
                }
                if (parts.Length != 3 || !int.TryParse(parts[1], out var pid) || lines.Length == 0
                    || !long.TryParse(lines[0], out var started)) continue;
                records.Add(new RunRecord(path, pid, DateTimeOffset.FromUnixTimeMilliseconds(started),
                    lines.Skip(1).Where(l => l.Length >= 10).ToList(), ended));
            }
            return records;
        }
    }
}
