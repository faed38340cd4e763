namespace Pipeline.Compose.Model;

/// <summary>A service's <c>build:</c> section, interpolated, with paths made absolute.</summary>
/// <param name="Context">The build context directory (absolute), or a remote context (URL, git) as written: see <see cref="IsRemoteContext"/>.</param>
/// <param name="Dockerfile">The Dockerfile path relative to <paramref name="Context"/> (default <c>Dockerfile</c>).</param>
/// <param name="Args">Build arguments; a list entry without <c>=</c> has a null value (taken from the environment by engines).</param>
/// <param name="Target">The stage to build, or null for the last one.</param>
/// <param name="Labels">Image labels from the build section.</param>
public sealed record BuildSection(
    string Context,
    string Dockerfile,
    IReadOnlyDictionary<string, string?> Args,
    string? Target,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>
    /// <c>cache_from</c>: registry images whose layers the engine may reuse, pulled before the build (entries written
    /// <c>type=registry,ref=X</c> are <c>X</c> here). Other cache types are in <see cref="Ignored"/>. Default none.
    /// </summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    /// <summary>
    /// <c>cache_to</c>: registry images the built image is pushed as, for the next machine's <c>cache_from</c>
    /// (<c>type=registry,ref=X</c> is <c>X</c>; <c>mode</c> and the other options mean nothing to an image push).
    /// Other cache types are in <see cref="Ignored"/>. Default none.
    /// </summary>
    public IReadOnlyList<string> CacheTo { get; init; } = [];

    /// <summary><c>extra_hosts</c>, as <c>host:ip</c> entries the engine adds to /etc/hosts during the build. Default none.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary><c>network</c>: the network RUN steps use (<c>host</c>, <c>none</c>, a network name), or null for the default.</summary>
    public string? Network { get; init; }

    /// <summary><c>shm_size</c> in bytes, or null for the engine's default.</summary>
    public long? ShmSize { get; init; }

    /// <summary><c>platforms</c>: the target platforms (the engine API builds one at a time). Default none: the engine's.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary><c>tags</c>: more names for the built image. Default none.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>no_cache</c>: build without the layer cache.</summary>
    public bool NoCache { get; init; }

    /// <summary><c>pull</c>: always pull the base images.</summary>
    public bool Pull { get; init; }

    /// <summary>
    /// Keys of the <c>build:</c> section that Pipeline cannot pass to the engine API (<c>secrets</c>, <c>ssh</c>,
    /// <c>additional_contexts</c>, ...), and <c>cache_from</c>/<c>cache_to</c> entries of types other than a registry
    /// (<c>type=local</c>, <c>type=gha</c>, ...), each with its line: a build may differ from <c>docker compose build</c>
    /// there, so callers warn about each.
    /// </summary>
    public IReadOnlyList<IgnoredBuildKey> Ignored { get; init; } = [];

    /// <summary>The Dockerfile's absolute path (meaningless for a remote context).</summary>
    public string DockerfilePath => Path.GetFullPath(Path.Combine(Context, Dockerfile));

    /// <summary>
    /// True when <see cref="Context"/> is a remote context (<c>https://</c>, <c>git@</c>, <c>github.com/...</c>, ...),
    /// which compose sends to the engine to fetch; it is kept as written, not turned into a path.
    /// </summary>
    public bool IsRemoteContext => IsRemote(Context);

    // The prefixes docker compose and the docker CLI treat as remote (urlutil.IsURL / IsGitURL).
    internal static bool IsRemote(string context) =>
        context.Contains("://", StringComparison.Ordinal)
        || context.StartsWith("git@", StringComparison.Ordinal)
        || context.StartsWith("github.com/", StringComparison.Ordinal);
}

/// <summary>A <c>build:</c> key (or one entry of a list key) that is not passed to the engine, where it stands.</summary>
/// <param name="Key">The key as written.</param>
/// <param name="File">The compose file.</param>
/// <param name="Line">The key's (or entry's) line (1-based).</param>
public sealed record IgnoredBuildKey(string Key, string File, long Line)
{
    /// <summary>The entry of a list key that is ignored (a <c>cache_from</c> of <c>type=local</c>), or null for the whole key.</summary>
    public string? Entry { get; init; }

    /// <inheritdoc />
    public override string ToString() => Entry is null
        ? $"{File}:{Line}: build key '{Key}' is not supported by BuildParallel and is ignored (docker compose build would use it)"
        : $"{File}:{Line}: build.{Key} entry '{Entry}' is not supported by BuildParallel and is ignored (the engine API takes registry images only: type=registry or a plain reference)";
}
