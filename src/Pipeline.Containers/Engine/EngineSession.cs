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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_ownedService is not null) await _ownedService.DisposeAsync();
    }
}
