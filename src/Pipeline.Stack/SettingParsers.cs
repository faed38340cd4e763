namespace Pipeline.Stack;

/// <summary>Turns parameter text into settings values, with errors that name the parameter.</summary>
internal static class SettingParsers
{
    /// <summary><c>from=to</c> pairs into a map; a malformed pair is an error naming <paramref name="parameter"/>.</summary>
    public static IReadOnlyDictionary<string, string> Map(IEnumerable<string> pairs, string parameter)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
                throw new StackException($"{parameter}: '{pair}' is not of the form from=to");
            map[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return map;
    }
}
