using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipeline.BaseImages.Planning;

/// <summary>An image reference split into repository and tag, as the engine API wants them.</summary>
/// <param name="Repository">Everything before the tag, e.g. <c>localhost/pipeline/python</c>.</param>
/// <param name="Tag">The tag, e.g. <c>3.11-slim</c> (<c>latest</c> when none was given).</param>
public sealed partial record ImageReference(string Repository, string Tag)
{
    /// <summary>The reference as <c>repository:tag</c>.</summary>
    public override string ToString() => $"{Repository}:{Tag}";

    /// <summary>The same repository with another tag (used to add the exact Python version as a tag).</summary>
    public ImageReference WithTag(string tag) => this with { Tag = SanitiseTag(tag) };

    /// <summary>Parses <c>[registry/]path[:tag]</c>; digests are not accepted (we tag, so we need a tag).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text) || text.Contains('@')) return false;
        var lastSlash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        var (repository, tag) = colon > lastSlash ? (text[..colon], text[(colon + 1)..]) : (text, "latest");
        if (!RepositoryPattern().IsMatch(repository) || !TagPattern().IsMatch(tag)) return false;
        reference = new ImageReference(repository, tag);
        return true;
    }

    /// <summary>Parses or throws <see cref="BaseImageException"/>.</summary>
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new BaseImageException($"'{text}' is not an image reference (expected repository:tag)");

    private static string SanitiseTag(string tag)
    {
        var cleaned = InvalidTagChars().Replace(tag, "_");
        return cleaned.Length > 128 ? cleaned[..128] : cleaned;
    }

    // A registry host (optionally with port) followed by lowercase path components.
    [GeneratedRegex(@"^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidTagChars();
}
