using Docker.DotNet;

namespace Pipeline.Containers.Engine;

/// <summary>
/// An open connection to the engine for the life of a build: the API client, what the engine is, and the
/// podman service the pipeline started (stopped on dispose). Share one session between targets.
/// </summary>
public sealed class EngineSession : IAsyncDisposable
{
    private readonly PodmanServiceHost? _ownedService;
    private readonly TimeSpan _probeTimeout;

    internal EngineSession(DockerClient client, EngineInfo info, PodmanServiceHost? ownedService, EngineOptions options)
    {
        Client = client;
        Info = info;
        _ownedService = ownedService;
        _probeTimeout = options.ProbeTimeout;
        StateDirectory = Path.GetFullPath(options.PodmanWorkDirectory);
        Images = new EngineImages(this);
    }

    /// <summary>Pull, tag, push, inspect, import: the image operations every library uses, with one error shape.</summary>
    public EngineImages Images { get; }

    /// <summary>
    /// Where runs keep what a later run needs to clean up after them (<see cref="EngineOptions.PodmanWorkDirectory"/>, full
    /// path): the builds in progress, so that the next build removes the working containers of one that was killed.
    /// </summary>
    public string StateDirectory { get; }

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

    /// <summary>
    /// Pings the engine: a target that starts long after the session was opened (or after a long step) learns here, in
    /// one line, that the engine went away, instead of from its first real call.
    /// </summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer within the probe timeout.</exception>
    public async Task EnsureAnswersAsync(CancellationToken ct = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_probeTimeout);
        try
        {
            await Client.System.PingAsync(limit.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (EngineErrors.IsConnectionFailure(e) || e is OperationCanceledException or DockerApiException))
        {
            throw Unavailable(e);
        }
    }

    internal EngineUnavailableException Unavailable(Exception e, string? operation = null) =>
        new($"{(operation is null ? "" : operation + ": ")}The container engine at {Info.Endpoint} does not answer any more ({EngineErrors.Describe(Info.Endpoint, e, _probeTimeout)}): is podman system service / dockerd still running?", e);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_ownedService is not null) await _ownedService.DisposeAsync();
    }
}
