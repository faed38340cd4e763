using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Verify.Engine;

/// <summary>
/// Removes every container labelled with a run's ID. Covers the one gap <see cref="ProbeContainer"/>
/// cannot: Ctrl+C while the engine is still creating a container (it exists, but we never got its ID).
/// </summary>
internal static class ProbeLeftovers
{
    /// <summary>Force-removes the run's containers; returns how many were left over.</summary>
    public static async Task<int> RemoveAsync(EngineSession engine, ProbeSettings settings, ILogger logger)
    {
        using var cts = new CancellationTokenSource(settings.RemoveTimeout);
        try
        {
            var leftovers = await ListAsync(engine, settings.RunId, cts.Token);
            foreach (var container in leftovers)
            {
                try
                {
                    await engine.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cts.Token);
                }
                catch (DockerContainerNotFoundException)
                {
                    // Removed meanwhile.
                }
            }
            ExecMonitors.EndFor(engine, leftovers.Select(c => c.ID));
            return leftovers.Count;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            logger.Warning("Could not sweep probe containers of run {RunId:l}: {Error:l}", settings.RunId, e.Message);
            return 0;
        }
    }

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
