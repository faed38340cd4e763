using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;

namespace Pipeline.Verify.Engine;

/// <summary>
/// Removes every container labelled with a run's ID. Covers the one gap <see cref="ProbeContainer"/>
/// cannot: Ctrl+C while the engine is still creating a container (it exists, but we never got its ID).
/// </summary>
internal static class ProbeLeftovers
{
    /// <summary>Force-removes the run's containers; returns how many were left over.</summary>
    public static async Task<int> RemoveAsync(IDockerClient client, ProbeSettings settings, ILogger logger)
    {
        using var cts = new CancellationTokenSource(settings.RemoveTimeout);
        try
        {
            var leftovers = await client.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{ProbeSettings.RunLabel}={settings.RunId}"] = true },
                },
            }, cts.Token);
            foreach (var container in leftovers)
            {
                try
                {
                    await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cts.Token);
                }
                catch (DockerContainerNotFoundException)
                {
                    // Removed meanwhile.
                }
            }
            return leftovers.Count;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            logger.Warning("Could not sweep probe containers of run {RunId:l}: {Error:l}", settings.RunId, e.Message);
            return 0;
        }
    }
}
