using Pipeline.Compose.Errors;

namespace Pipeline.Compose.Interpolation;

/// <summary>
/// Reads a compose <c>.env</c> file: <c>KEY=VALUE</c> lines, <c>#</c> comments, an optional <c>export </c>
/// prefix, single quotes (literal) and double quotes (with <c>\n</c>, <c>\t</c>, <c>\"</c>, <c>\\</c> escapes).
/// </summary>
public static class DotEnvFile
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> is used in error messages only.</summary>
    /// <exception cref="ComposeFileException">A line that is not <c>KEY=VALUE</c>.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=');
            var key = equals < 0 ? line : line[..equals].Trim();
            if (equals <= 0 || key.Any(char.IsWhiteSpace))
                throw new ComposeFileException(file, index + 1, $"expected KEY=VALUE, got \"{lines[index].Trim()}\"");
            values[key] = Unquote(line[(equals + 1)..].Trim());
        }
        return values;
    }

    /// <summary>Reads <paramref name="path"/> when it exists; an absent file is an empty set.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadIfExistsAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        return Parse(await File.ReadAllTextAsync(path, ct), path);
    }

    private static string Unquote(string raw)
    {
        if (raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'') return raw[1..^1];
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
            return raw[1..^1].Replace("\\n", "\n").Replace("\\t", "\t").Replace("\\\"", "\"").Replace("\\\\", "\\");
        // An unquoted value ends at an inline comment (" #").
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? raw[..comment].TrimEnd() : raw;
    }
}
