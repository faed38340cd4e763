namespace Pipeline.Verify.Engine;

/// <summary>What the engine's image inspect says about an image, reduced to what checks use.</summary>
/// <param name="Reference">The reference that was inspected.</param>
/// <param name="Id">The image ID (changes with every rebuild that changes content).</param>
/// <param name="SizeBytes">The image size the engine reports.</param>
/// <param name="LayerCount">Number of filesystem layers.</param>
/// <param name="Labels">Image labels.</param>
/// <param name="User">The configured <c>USER</c>; empty means root.</param>
/// <param name="Environment">The configured environment (<c>ENV</c>), name → value.</param>
public sealed record ImageFacts(
    string Reference,
    string Id,
    long SizeBytes,
    int LayerCount,
    IReadOnlyDictionary<string, string> Labels,
    string User,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The image's <c>ENTRYPOINT</c> words (empty when it has none).</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>The image's <c>CMD</c> words (empty when it has none).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>True when the image runs as root by default (no USER, or USER root / 0).</summary>
    public bool RunsAsRoot
    {
        get
        {
            var user = User.Split(':')[0].Trim();
            return user.Length == 0 || user == "root" || user == "0";
        }
    }

    /// <summary>Splits <c>NAME=value</c> entries (the engine's form) into a dictionary; later entries win.</summary>
    public static IReadOnlyDictionary<string, string> ParseEnvironment(IEnumerable<string>? entries)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries ?? [])
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) result[entry[..eq]] = entry[(eq + 1)..];
            else if (entry.Length > 0) result[entry] = "";
        }
        return result;
    }
}
