using System.ComponentModel.DataAnnotations;
using Pipeline.Compose.Loading;
using Pipeline.IO.Options;

namespace Pipeline.Containers.Building;

/// <summary>Every parameter of the BuildParallel target; each declares its default and valid range once, here.</summary>
public sealed record BuildParallelOptions
{
    /// <summary>The compose file to read services and <c>build:</c> sections from.</summary>
    [Required]
    public required ComposeLoadOptions Compose { get; init; }

    /// <summary><c>--services a b</c>: build only these (by service name). Default empty: every service with <c>build:</c>.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary><c>--parallelism</c>: most builds at once. Default null: <see cref="DefaultParallelism"/>.</summary>
    [Range(1, 64)]
    public int? Parallelism { get; init; }

    /// <summary>
    /// <c>--no-cache</c>: send every image, even one built from the same inputs (<see cref="ImageLabels.InputsLabel"/>),
    /// and ignore the layer cache. Default false.
    /// </summary>
    public bool NoCache { get; init; }

    /// <summary>
    /// Skip an image built from the same inputs (<see cref="ImageLabels.InputsLabel"/>) without asking the engine. Default
    /// true. False sends every image to the engine, whose layer cache still applies: what <c>podman build</c> or
    /// <c>docker compose build</c> does (the benchmark's as-is and by-hand scenarios build that way).
    /// </summary>
    public bool SkipUnchanged { get; init; } = true;

    /// <summary><c>--continue-on-error</c>: keep building the other images after a failure. Default false (no new builds start).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary><c>--network host</c>: builds share the host's network (to reach an index on 127.0.0.1). Default false.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>
    /// The build network as the <c>--network</c> parameter says it: <c>host</c> is host networking, <c>default</c> and
    /// <c>bridge</c> the engine's default network. Anything else throws, naming the value: a typo (<c>hots</c>) would
    /// otherwise silently mean the default network, and builds could no longer reach an index on 127.0.0.1.
    /// </summary>
    /// <exception cref="OptionsValidationException">Not host, default or bridge.</exception>
    public static bool IsHostNetwork(string network) =>
        network.Trim().ToLowerInvariant() switch
        {
            "host" => true,
            "default" or "bridge" => false,
            _ => throw new OptionsValidationException([$"{nameof(BuildParallelOptions)}.{nameof(HostNetwork)} '{network}': expected host, default or bridge"]),
        };

    /// <summary>
    /// Base image mapping (<c>python:3.11-slim</c> → <c>localhost/pipeline/python:3.11-slim</c>) applied to FROM lines of
    /// the Dockerfile copy sent to the engine, never on disk. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> BaseImageMap { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Build args for every image (like <c>--build-arg</c>: they win over the compose file's args), e.g. the pip
    /// index to use. Engines ignore args a Dockerfile does not declare. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Package indexes written in Dockerfiles or a copied pip.conf (upstream simple URL → local proxy URL), replaced in
    /// the context sent, never in the user's files, as base images are. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> IndexProxies { get; init; } = new Dictionary<string, string>();

    /// <summary>Images shared through a registry by inputs digest (pull before building, push after). Default none.</summary>
    [ValidateMembers]
    public RegistryCacheOptions? RegistryCache { get; init; }

    /// <summary>
    /// A registry repository every image pulls a layer cache source from before it is built (<c>--cache-from</c>):
    /// image <c>ai-stack-aidb</c> pulls <c>REPOSITORY/ai-stack-aidb:cache</c>, beside its compose <c>build.cache_from</c>.
    /// Default none.
    /// </summary>
    [RegularExpression(RepositoryPattern, ErrorMessage = "expected a registry host and path such as registry.example:5000/ai-stack")]
    public string? CacheFrom { get; init; }

    /// <summary>
    /// A registry repository every image built is pushed to as <c>REPOSITORY/NAME:cache</c> (<c>--cache-to</c>), beside its
    /// compose <c>build.cache_to</c>: what the next machine's <see cref="CacheFrom"/> pulls. Default none.
    /// </summary>
    [RegularExpression(RepositoryPattern, ErrorMessage = "expected a registry host and path such as registry.example:5000/ai-stack")]
    public string? CacheTo { get; init; }

    // A registry host (with port) and a path, no tag: the image names and :cache are added per image.
    private const string RepositoryPattern = @"^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*$";

    /// <summary>Extra labels for every image (after the OCI and compose labels). Default empty.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The <c>org.opencontainers.image.created</c> time. Default null: <c>SOURCE_DATE_EPOCH</c>, else the last commit's
    /// time, else when the build starts (see <see cref="ImageLabels.CreatedTime"/>).
    /// </summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Retry of transient failures (engine connection, 5xx, network errors in the build output).</summary>
    [ValidateMembers]
    public BuildRetryOptions Retry { get; init; } = new();

    /// <summary>How often a running build logs "still at step N". Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ProgressHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// After a cancelled or failed run: how long the engine may take to end the step it was running (podman finishes
    /// it, then removes its working container) before Pipeline removes the run's working containers itself. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LeftoverWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many output lines of a failed step the error keeps. Default 30.</summary>
    [Range(1, 10_000)]
    public int FailureOutputLines { get; init; } = 30;

    /// <summary>
    /// The default for <see cref="Parallelism"/>: twice the core count, at least 4, at most 8. A build spends most of
    /// its time waiting on the package index and on the engine's layer commits, not on a core (docs/benchmarks.md).
    /// </summary>
    public static int DefaultParallelism => Math.Clamp(Environment.ProcessorCount * 2, 4, 8);
}

/// <summary>Retry of transient build failures with exponential backoff and jitter.</summary>
public sealed record BuildRetryOptions
{
    /// <summary>Attempts per image, the first included. Default 3.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>The default <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Delay before the first retry (doubled each time, with jitter). Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(DefaultBaseDelaySeconds);

    /// <summary>The default <see cref="BaseDelay"/> in seconds.</summary>
    public const double DefaultBaseDelaySeconds = 2;

    /// <summary>Longest delay between attempts. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Text that marks a network failure worth retrying (case-insensitive), looked for in the build error and the last
    /// lines of the failing step's output (see <see cref="BuildFailureClassifier"/>). Only specific network failures:
    /// generic words such as "timed out" or "unexpected EOF" also appear in ordinary output and in real errors.
    /// Default: connection reset by peer, read and TLS handshake timeouts, DNS lookup failures, HTTP 502/503/504.
    /// </summary>
    public IReadOnlyList<string> TransientOutputPatterns { get; init; } =
    [
        "Connection reset by peer", "Read timed out", "TLS handshake timeout", "i/o timeout",
        "Temporary failure in name resolution",
        "502 Bad Gateway", "503 Service Unavailable", "504 Gateway Timeout",
        // podman 4.3: a step's working container, or a cached layer, removed under it by a concurrent cleanup of the
        // shared store; the next attempt finds the store consistent again.
        "identifier is not a container", "layer not known",
    ];
}
