using Serilog;

namespace Pipeline.Containers.Engine;

/// <summary>
/// The podman API service a test run talks to: the one named by <c>PIPELINE_TEST_ENGINE</c> when set, else one started
/// for the run (by the same code a build uses when no engine answers) and stopped when this is disposed. The tests find
/// it through the environment that <see cref="Environment"/> gives their process.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    /// <summary>The variable the test suite reads the engine endpoint from.</summary>
    public const string EndpointVariable = "PIPELINE_TEST_ENGINE";

    private readonly EngineSession? _session;

    private TestEngine(Uri endpoint, EngineSession? session)
    {
        Endpoint = endpoint;
        _session = session;
    }

    /// <summary>The engine's API endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>Variables for the test process: the endpoint, and the started service's containers.conf for podman's CLI.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _session?.StartedServiceConfig is { } conf
        ? new Dictionary<string, string?> { [EndpointVariable] = Endpoint.ToString(), ["CONTAINERS_CONF"] = conf }
        : new Dictionary<string, string?> { [EndpointVariable] = Endpoint.ToString() };

    /// <summary>Uses <c>PIPELINE_TEST_ENGINE</c> when set, else starts podman with its socket under <paramref name="workDirectory"/>.</summary>
    /// <exception cref="EngineUnavailableException">podman is missing or its service did not answer.</exception>
    public static async Task<TestEngine> StartAsync(string workDirectory, ILogger logger, CancellationToken ct)
    {
        if (System.Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } given)
        {
            logger.Information("Tests use the engine at {Endpoint} ({Variable})", given, EndpointVariable);
            return new TestEngine(new Uri(given), null);
        }
        var session = await new EngineConnector(logger).StartPodmanAsync(new EngineOptions { PodmanWorkDirectory = workDirectory }, ct);
        return new TestEngine(session.StartedServiceEndpoint!, session);
    }

    /// <summary>Stops a service this run started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }
}
