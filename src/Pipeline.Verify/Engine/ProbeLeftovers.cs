using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Verify.Engine;

/// <summary>
/// Removes every container labelled with a run's ID. Covers the gaps <see cref="ProbeContainer"/> cannot: Ctrl+C while
/// the engine is still creating a container (it exists, but we never got its ID), and an engine that went away during
/// the run (a podman service killed and started again: the probes keep running under their conmon). The sweep waits
/// for an engine that does not answer, up to <see cref="ProbeSettings.RemoveTimeout"/>; when it still cannot, the run's
/// record in the session's state directory stays, marked ended, and the next Verify removes that run's probes. A Verify
/// process that is killed leaves its record too (its process is gone), with the same effect.
/// </summary>
internal static class ProbeLeftovers
{
    /// <summary>The folder below <see cref="EngineSession.StateDirectory"/> with the records of Verify runs.</summary>
    public const string RecordFolder = "verify-runs";

    private const string EndedPrefix = "ended-";

    /// <summary>
    /// Removes the probes of earlier runs that could not (records marked ended, or of processes that are gone), then
    /// records this run. Returns the record's path. Never throws for the sweep: the run's own checks matter more.
    /// </summary>
    public static async Task<string?> StartAsync(EngineSession engine, ProbeSettings settings, ILogger logger, CancellationToken ct)
    {
        var folder = Path.Combine(engine.StateDirectory, RecordFolder);
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var path in Directory.EnumerateFiles(folder, "*verify-*.run"))
            {
                if (Parse(path) is not { } earlier || (!earlier.Ended && IsRunning(earlier.Pid))) continue;
                try
                {
                    var removed = await RemoveRunAsync(engine, earlier.RunId, settings, ct);
                    File.Delete(path);
                    if (removed > 0)
                        logger.Warning("Removed {Count} probe container(s) left by Verify run {RunId:l} (its engine went away, or its process was killed)", removed, earlier.RunId);
                }
                catch (Exception e) when (IsEngineFault(e))
                {
                    logger.Debug("Probe containers of Verify run {RunId:l} not removed yet: {Error:l}", earlier.RunId, e.Message);
                }
            }
            var record = Path.Combine(folder, $"verify-{Environment.ProcessId}-{settings.RunId}.run");
            await File.WriteAllTextAsync(record, string.Empty, ct);
            return record;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.Debug("No Verify run record in {Folder}: {Error:l}", folder, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Force-removes the run's containers, waiting up to <see cref="ProbeSettings.RemoveTimeout"/> for an engine that does
    /// not answer; returns how many were left over. The run's <paramref name="record"/> goes, or stays marked ended when
    /// the engine never answered (the next Verify removes them).
    /// </summary>
    public static async Task<int> RemoveAsync(EngineSession engine, ProbeSettings settings, ILogger logger, string? record = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var cts = new CancellationTokenSource(settings.RemoveTimeout);
            try
            {
                var removed = await RemoveRunAsync(engine, settings.RunId, settings, cts.Token);
                if (record is not null) File.Delete(record);
                return removed;
            }
            catch (Exception e) when (IsEngineFault(e))
            {
                // Readiness poll with a deadline: a podman service that was killed may be started again (systemd does).
                if (clock.Elapsed + TimeSpan.FromMilliseconds(500) < settings.RemoveTimeout && EngineErrors.IsConnectionFailure(e))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                    continue;
                }
                logger.Warning("Could not sweep probe containers of run {RunId:l}: {Error:l} (the next Verify removes them)", settings.RunId, e.Message);
                MarkEnded(record, logger);
                return 0;
            }
        }
    }

    private static async Task<int> RemoveRunAsync(EngineSession engine, string runId, ProbeSettings settings, CancellationToken ct)
    {
        var leftovers = await ListAsync(engine, runId, ct);
        foreach (var container in leftovers)
        {
            try
            {
                await engine.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, ct);
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed meanwhile.
            }
        }
        ExecMonitors.EndFor(engine, leftovers.Select(c => c.ID));
        return leftovers.Count;
    }

    private static bool IsEngineFault(Exception e) => e is DockerApiException or HttpRequestException or IOException or OperationCanceledException;

    private static void MarkEnded(string? record, ILogger logger)
    {
        if (record is null) return;
        try
        {
            File.Move(record, Path.Combine(Path.GetDirectoryName(record)!, EndedPrefix + Path.GetFileName(record)), overwrite: true);
        }
        catch (IOException e)
        {
            logger.Debug("Could not mark Verify run record {Record:l} ended: {Error:l}", record, e.Message);
        }
    }

    // verify-<pid>-<run id>.run, or ended-verify-<pid>-<run id>.run
    private static (int Pid, string RunId, bool Ended)? Parse(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var ended = name.StartsWith(EndedPrefix, StringComparison.Ordinal);
        var parts = (ended ? name[EndedPrefix.Length..] : name).Split('-', 3);
        return parts.Length == 3 && parts[0] == "verify" && int.TryParse(parts[1], out var pid) && parts[2].Length > 0
            ? (pid, parts[2], ended) : null;
    }

    private static bool IsRunning(int pid) => pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");

    /// <summary>Listings tried before a "not known" failure is final.</summary>
    internal const int ListAttempts = 5;

    /// <summary>
    /// The containers (any state) labelled with run <paramref name="runId"/>. podman 4.3 fails a whole listing with
    /// "… not known" when a container it is listing is removed at that moment (another run's sweep, a parallel test):
    /// that is no engine fault, so the listing is asked again, at most <see cref="ListAttempts"/> times.
    /// </summary>
    internal static async Task<IList<ContainerListResponse>> ListAsync(EngineSession engine, string runId, CancellationToken ct)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ProbeSettings.RunLabel}={runId}"] = true },
            },
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await engine.Client.Containers.ListContainersAsync(parameters, ct);
            }
            catch (DockerApiException e) when (attempt < ListAttempts && e.ResponseBody?.Contains("not known", StringComparison.Ordinal) == true)
            {
                // The vanished container is simply absent from the next listing.
            }
        }
    }
}
