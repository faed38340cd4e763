namespace Pipeline.Stack;

/// <summary>Turns parameter text into settings values, with errors that name the parameter.</summary>
public static class SettingParsers
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

    /// <summary>
    /// The build network as "host networking or not": <c>host</c> is true, <c>default</c> and <c>bridge</c> (the engine's
    /// default network) are false; anything else is an error naming <paramref name="parameter"/>, because a typo
    /// (<c>hots</c>) would otherwise silently mean the default network and builds could no longer reach 127.0.0.1.
    /// </summary>
    public static bool HostNetwork(string? network, string parameter) =>
        network?.Trim().ToLowerInvariant() switch
        {
            "host" => true,
            "default" or "bridge" => false,
            _ => throw new StackException($"{parameter} {network}: expected host, default or bridge"),
        };
}
