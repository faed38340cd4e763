using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipeline.Containers.Context;

/// <summary>
/// An image reference, <c>[registry/]path[:tag][@digest]</c>, split as the engine API wants it and qualified as engines
/// compare it (podman reports <c>docker.io/library/x:tag</c> for <c>x:tag</c>). The one place the registry-host rule is
/// written: the first path component is a registry host when it contains <c>.</c> or <c>:</c> or is <c>localhost</c>;
/// a name without one is on Docker Hub, whose single-component names live under <c>library/</c>.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The registry Docker Hub names resolve to.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The tag an untagged, undigested reference means.</summary>
    public const string DefaultTag = "latest";

    private ImageReference(string? registry, string path, string? tag, string? digest)
    {
        Registry = registry;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host as written (<c>quay.io</c>, <c>localhost:5000</c>), or null for a Docker Hub short name.</summary>
    public string? Registry { get; init; }

    /// <summary>The path below the registry as written, e.g. <c>python</c>, <c>pipeline/python</c>.</summary>
    public string Path { get; init; }

    /// <summary>The tag as written, or null.</summary>
    public string? Tag { get; init; }

    /// <summary>The digest (<c>sha256:…</c>), or null.</summary>
    public string? Digest { get; init; }

    /// <summary>Everything before the tag, as written: what the engine API calls the repository.</summary>
    public string Repository => Registry is null ? Path : $"{Registry}/{Path}";

    /// <summary>The tag, or <see cref="DefaultTag"/> when none is written.</summary>
    public string TagOrDefault => Tag ?? DefaultTag;

    /// <summary>True when the reference names no digest, so a tag of it can be made.</summary>
    public bool CanBeTagged => Digest is null;

    /// <summary>
    /// The reference with a registry named: <paramref name="registry"/> (default Docker Hub) for a short name, with
    /// <c>library/</c> for single-component paths (official images live there, on Docker Hub and on mirrors of it); the
    /// default tag is added unless a digest is given.
    /// </summary>
    public ImageReference Qualified(string registry = DockerHub)
    {
        var host = Registry ?? registry.Trim().TrimEnd('/');
        var path = (host == DockerHub || Registry is null) && !Path.Contains('/') ? "library/" + Path : Path;
        return new ImageReference(host, path, Digest is null ? TagOrDefault : Tag, Digest);
    }

    /// <summary>The same repository with another tag, characters a tag cannot hold replaced by <c>_</c> (for the exact Python version).</summary>
    public ImageReference WithTag(string tag)
    {
        var cleaned = InvalidTagChars().Replace(tag, "_");
        return this with { Tag = cleaned.Length > 128 ? cleaned[..128] : cleaned, Digest = null };
    }

    /// <summary>The reference as written: <c>repository[:tag][@digest]</c>.</summary>
    public override string ToString() => Repository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Parses <paramref name="text"/>; false when it is not an image reference.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageReference? reference) =>
        Read(text, out reference) is null;

    /// <summary>Parses <paramref name="text"/>, or throws <see cref="FormatException"/> with one line saying what is wrong.</summary>
    public static ImageReference Parse(string? text) =>
        Read(text, out var reference) is { } error ? throw new FormatException($"'{text}' is not an image reference: {error}") : reference!;

    /// <summary>
    /// The name as engines compare it: <c>python</c> → <c>docker.io/library/python:latest</c>, <c>user/app:1</c> →
    /// <c>docker.io/user/app:1</c>; a name with a registry host keeps it. Text that is no reference is returned trimmed,
    /// so it compares equal only to itself.
    /// </summary>
    public static string Normalize(string image) =>
        TryParse(image.Trim(), out var reference) ? reference.Qualified().ToString() : image.Trim();

    private static string? Read(string? text, out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text)) return "it is empty";
        if (text.Length > 255) return "longer than 255 characters";
        string? digest = null;
        var rest = text;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest)) return $"'{digest}' is not a digest (expected algorithm:hex, e.g. sha256:…)";
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag)) return $"'{tag}' is not a tag (letters, digits, _ . -, at most 128, not starting with . or -)";
        }
        string? registry = null;
        var slash = rest.IndexOf('/');
        if (slash >= 0 && IsRegistryHost(rest[..slash]))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
            if (!HostPattern().IsMatch(registry)) return $"'{registry}' is not a registry host";
        }
        if (rest.Length == 0) return "it names no repository";
        if (!PathPattern().IsMatch(rest)) return $"'{rest}' is not a repository path (lowercase letters, digits and . _ - separators, components joined by /)";
        reference = new ImageReference(registry, rest, tag, digest);
        return null;
    }

    private static bool IsRegistryHost(string first) => first.Contains('.') || first.Contains(':') || first == "localhost";

    [GeneratedRegex(@"^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]+)?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidTagChars();
}
