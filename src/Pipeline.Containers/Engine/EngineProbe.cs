using Docker.DotNet;

namespace Pipeline.Containers.Engine;

/// <summary>Asks an endpoint who it is: ping, then version, within a time limit.</summary>
internal static class EngineProbe
{
    /// <summary>Creates an API client for <paramref name="endpoint"/> (API version left unset: dockerd rejects newer ones).</summary>
    public static DockerClient CreateClient(Uri endpoint) => new DockerClientBuilder().WithEndpoint(endpoint).Build();

    /// <summary>
    /// Identifies a podman service Pipeline has just started from its ping alone: podman's first <c>/version</c> takes
    /// seconds (measured 2.3 s here: it asks conmon and the runtime), and what it would say is known already (podman,
    /// whose version and API version the ping's <c>Libpod-Api-Version</c> and <c>Api-Version</c> headers carry).
    /// </summary>
    public static async Task<EngineInfo> IdentifyStartedPodmanAsync(Uri endpoint, EngineOptions options, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.ProbeTimeout);
        using var http = WorkingContainers.UnixHttp(endpoint.LocalPath);
        using var response = await http.GetAsync("/_ping", limit.Token);
        response.EnsureSuccessStatusCode();
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.First() : "unknown";
        return new EngineInfo(EngineKind.Podman, Header("Libpod-Api-Version"), Header("Api-Version"), endpoint, true);
    }

    /// <summary>
    /// Identifies the engine at <paramref name="endpoint"/>: a ping within <see cref="EngineOptions.ProbeTimeout"/>, then the
    /// version within <see cref="EngineOptions.IdentifyTimeout"/>. Throws what the client throws when it does not answer.
    /// </summary>
    public static async Task<EngineInfo> IdentifyAsync(DockerClient client, Uri endpoint, EngineOptions options, bool startedByPipeline, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.ProbeTimeout);
        await client.System.PingAsync(limit.Token);
        // podman answers /version slowly the first time (it asks conmon and the runtime for their versions).
        limit.CancelAfter(options.IdentifyTimeout);
        var version = await client.System.GetVersionAsync(limit.Token);
        var podman = (version.Components ?? []).Any(c => c.Name?.Contains("Podman", StringComparison.OrdinalIgnoreCase) == true)
                     || version.Platform?.Name?.Contains("Podman", StringComparison.OrdinalIgnoreCase) == true;
        return new EngineInfo(podman ? EngineKind.Podman : EngineKind.Docker, version.Version ?? "unknown",
            version.APIVersion ?? "unknown", endpoint, startedByPipeline);
    }
}
