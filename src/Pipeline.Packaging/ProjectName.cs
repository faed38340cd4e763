using System.Text.RegularExpressions;

namespace Pipeline.Packaging;

/// <summary>
/// PEP 503 project-name normalisation: pip asks for <c>/simple/sentence-transformers/</c> whatever the
/// spelling in a requirement (<c>Sentence_Transformers</c>), so every comparison of names goes through this one rule.
/// </summary>
public static partial class ProjectName
{
    /// <summary>Lower-cases and collapses runs of <c>-</c>, <c>_</c> and <c>.</c> into one <c>-</c> (surrounding white space dropped).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Separators().Replace(name.Trim(), "-").ToLowerInvariant();
    }

    /// <summary>True when two spellings name the same project.</summary>
    public static bool AreSame(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

    /// <summary>True when <paramref name="name"/> is a valid distribution name (PEP 508 identifier).</summary>
    public static bool IsValid(string name) => ValidName().IsMatch(name);

    /// <summary>
    /// The name as written in wheel file names and <c>.dist-info</c> folders: normalised, with <c>_</c>
    /// for separators, because a <c>-</c> would split the file name's fields.
    /// </summary>
    public static string ToWheelComponent(string name) => Normalize(name).Replace('-', '_');

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();

    [GeneratedRegex("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex ValidName();
}
