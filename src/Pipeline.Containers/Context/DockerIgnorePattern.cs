using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Containers.Context;

/// <summary>
/// One <c>.dockerignore</c> line compiled to a regex exactly as moby's <c>patternmatcher</c> does: Go
/// <c>filepath.Match</c> syntax (<c>*</c> and <c>?</c> never cross <c>/</c>, <c>[...]</c> classes with <c>^</c>,
/// <c>\</c> escapes) plus <c>**</c> for any number of directories, and a leading <c>!</c> for exceptions.
/// </summary>
internal sealed class DockerIgnorePattern
{
    private const string RegexSpecials = ".+()|{}$";
    private readonly Regex _regex;

    private DockerIgnorePattern(string pattern, bool exclusion, Regex regex)
    {
        Pattern = pattern;
        IsException = exclusion;
        _regex = regex;
    }

    /// <summary>The cleaned pattern (no <c>!</c>, no leading <c>/</c>).</summary>
    public string Pattern { get; }

    /// <summary>True for a <c>!pattern</c> line: matching paths are included again.</summary>
    public bool IsException { get; }

    /// <summary>Parses one non-comment line, or returns null for a line that holds no pattern.</summary>
    /// <exception cref="FormatException">
    /// The pattern is malformed (e.g. an unclosed <c>[</c>, as Go's <c>filepath.Match</c> rejects it):
    /// <c>bad pattern '...': reason</c>.
    /// </exception>
    public static DockerIgnorePattern? Parse(string line)
    {
        var text = line.Trim();
        if (text.Length == 0 || text.StartsWith('#')) return null;
        var exception = text.StartsWith('!');
        if (exception) text = text[1..].Trim();
        if (text.Length == 0) return null;
        text = CleanPath(text);
        if (text.Length > 1 && text[0] == '/') text = text[1..];
        try
        {
            return new DockerIgnorePattern(text, exception, new Regex(ToRegex(text), RegexOptions.CultureInvariant | RegexOptions.Singleline));
        }
        catch (RegexParseException e)
        {
            // Reported in the pattern's terms, not the generated regex's (which the user never wrote).
            throw new FormatException($"bad pattern '{line.Trim()}': {Words(e.Error.ToString())}", e);
        }
    }

    // "UnterminatedBracket" -> "unterminated bracket".
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? " " : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Whether the pattern matches <paramref name="path"/> (slash-separated, relative to the context).</summary>
    public bool Matches(string path) => _regex.IsMatch(path);

    /// <summary>Go's <c>filepath.Clean</c> for slash paths: collapses <c>//</c>, <c>.</c> and <c>dir/..</c>.</summary>
    internal static string CleanPath(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (part != ".." || !rooted) parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++; // treat "**/" as "**"
                    regex.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                }
                else
                {
                    regex.Append("[^/]*");
                }
            }
            else if (c == '?') regex.Append("[^/]");
            else if (RegexSpecials.Contains(c)) regex.Append('\\').Append(c);
            else if (c == '\\') regex.Append(i + 1 < pattern.Length ? "\\" + pattern[++i] : "\\\\");
            else regex.Append(c);
        }
        return regex.Append('$').ToString();
    }
}
