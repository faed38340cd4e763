namespace Pipeline.BaseImages.Planning;

/// <summary>
/// Finds the Debian archive mirror in apt source files, in both formats: one-line
/// (<c>deb [opts] URI suite components</c>, <c>sources.list</c>) and deb822 (<c>.sources</c>).
/// An entry counts when it is a <c>deb</c> source over http(s) that serves the requested suite itself;
/// failing that, one whose path ends in <c>/debian</c> (a Debian archive for another suite). Third-party
/// repositories (suites like <c>nodistro</c>) and the security archive never match.
/// </summary>
internal static class AptSourcesParser
{
    /// <summary>The mirror used when the machine names none.</summary>
    public const string FallbackMirror = "http://deb.debian.org/debian";

    /// <summary>The best Debian archive URI in the given files, or <see langword="null"/> when none qualifies.</summary>
    /// <param name="files">Each file's content and whether it is deb822 (<c>.sources</c>) rather than one-line (<c>.list</c>), in apt's order.</param>
    /// <param name="suite">The suite to bootstrap, e.g. <c>bookworm</c>.</param>
    public static string? FindMirror(IEnumerable<(string Text, bool Deb822)> files, string suite)
    {
        var entries = files
            .SelectMany(f => f.Deb822 ? Deb822Entries(f.Text) : OneLineEntries(f.Text))
            .Where(e => e.Types.Contains("deb") && IsHttp(e.Uri))
            .ToList();
        return entries.FirstOrDefault(e => e.Suites.Contains(suite))?.Uri
            ?? entries.FirstOrDefault(e => e.Uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal))?.Uri;
    }

    /// <summary>Convenience for one file: see <see cref="FindMirror(IEnumerable{ValueTuple{string, bool}}, string)"/>.</summary>
    public static string? FindMirror(string text, bool deb822, string suite) => FindMirror([(text, deb822)], suite);

    private sealed record Entry(IReadOnlyList<string> Types, string Uri, IReadOnlyList<string> Suites);

    private static IEnumerable<Entry> OneLineEntries(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (line.Length == 0) continue;
            // Options such as "[arch=amd64 signed-by=...]" may contain spaces: drop the bracketed block first.
            var open = line.IndexOf('[');
            var close = line.IndexOf(']');
            if (open >= 0 && close > open) line = line.Remove(open, close - open + 1);
            var words = line.Split(' ', '\t').Where(w => w.Length > 0).ToArray();
            if (words.Length >= 3) yield return new Entry([words[0]], words[1], [words[2]]);
        }
    }

    private static IEnumerable<Entry> Deb822Entries(string text)
    {
        // Stanzas are separated by blank lines; fields are "Name: value" (continuations start with a space).
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split('\n').Append(""))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#')) continue;
            if (line.Trim().Length == 0)
            {
                if (ToEntry(fields) is { } entry) yield return entry;
                fields.Clear();
                continue;
            }
            if (char.IsWhiteSpace(line[0])) continue;
            var colon = line.IndexOf(':');
            if (colon > 0) fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    private static Entry? ToEntry(Dictionary<string, string> fields)
    {
        if (fields.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) return null;
        if (!fields.TryGetValue("Types", out var types) || !fields.TryGetValue("URIs", out var uris)) return null;
        var suites = fields.TryGetValue("Suites", out var s) ? Words(s) : [];
        var firstUri = Words(uris).FirstOrDefault();
        return firstUri is null ? null : new Entry(Words(types), firstUri, suites);
    }

    private static string[] Words(string value) => value.Split(' ', '\t').Where(w => w.Length > 0).ToArray();

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#');
        return hash >= 0 ? line[..hash] : line;
    }

    private static bool IsHttp(string uri) =>
        uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
