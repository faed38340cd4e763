using Docker.DotNet;

namespace Pipeline.Containers.Engine;

/// <summary>
/// An open connection to the engine for the life of a build: the API client, what the engine is, and the
/// podman service the pipeline started (stopped on dispose). Share one session between targets.
/// </summary>
public sealed class EngineSession : IAsyncDisposable
{
    private readonly PodmanServiceHost? _ownedService;

    internal EngineSession(DockerClient client, EngineInfo info, PodmanServiceHost? ownedService)
    {
        Client = client;
        Info = info;
        _ownedService = ownedService;
    }

    /// <summary>The Docker API client.</summary>
    public DockerClient Client { get; }

    /// <summary>The engine's kind, version and capabilities.</summary>
    public EngineInfo Info { get; }

    /// <summary>
    /// The private containers.conf of the podman service this session started, or null: child processes that run the
    /// podman CLI against the same storage need it (<c>CONTAINERS_CONF</c>) for the same runtime and ulimits.
    /// </summary>
    public string? StartedServiceConfig => _ownedService?.ConfigFile;

    /// <summary>The socket of the podman service this session started, or null.</summary>
    public Uri? StartedServiceEndpoint => _ownedService?.Endpoint;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_ownedService is not null) await _ownedService.DisposeAsync();
    }
}
