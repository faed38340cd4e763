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
