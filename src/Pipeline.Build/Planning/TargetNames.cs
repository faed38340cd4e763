namespace Pipeline.Build;

/// <summary>Name matching as NUKE does it: case-insensitive, dashes (and underscores) ignored.</summary>
internal static class TargetNames
{
    public static string Normalize(string name) =>
        new(name.Where(c => c is not '-' and not '_').Select(char.ToLowerInvariant).ToArray());

    public static bool Matches(string a, string b) => Normalize(a) == Normalize(b);

    /// <summary>The candidates ordered by edit distance to <paramref name="name"/>, closest first.</summary>
    public static IReadOnlyList<string> ClosestFirst(string name, IEnumerable<string> candidates)
    {
        var wanted = Normalize(name);
        return candidates
            .Select(c => (Name: c, Distance: Distance(wanted, Normalize(c)), Prefix: Normalize(c).StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(Normalize(c), StringComparison.Ordinal)))
            .OrderBy(x => x.Prefix ? 0 : 1)
            .ThenBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name)
            .ToList();
    }

    /// <summary>
    /// The one name worth suggesting for a typo, or null: a name that extends (or is extended by) what was typed,
    /// or one within a few edits. Suggesting the "closest" of unrelated names would send the user the wrong way.
    /// </summary>
    public static string? Suggestion(string name, IEnumerable<string> candidates)
    {
        var wanted = Normalize(name);
        var first = ClosestFirst(name, candidates).FirstOrDefault();
        if (first is null || wanted.Length == 0) return null;
        var normalized = Normalize(first);
        var prefix = normalized.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(normalized, StringComparison.Ordinal);
        return prefix || Distance(wanted, normalized) <= Math.Max(2, wanted.Length / 3) ? first : null;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
