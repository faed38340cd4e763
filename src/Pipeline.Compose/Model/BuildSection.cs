namespace Pipeline.Compose.Model;

/// <summary>A service's <c>build:</c> section, interpolated, with paths made absolute.</summary>
/// <param name="Context">The build context directory (absolute).</param>
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
    /// <summary>The Dockerfile's absolute path.</summary>
    public string DockerfilePath => Path.GetFullPath(Path.Combine(Context, Dockerfile));
}
