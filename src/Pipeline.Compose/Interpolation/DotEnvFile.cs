using System.Text;
using Pipeline.Compose.Errors;

namespace Pipeline.Compose.Interpolation;

/// <summary>
/// Reads a compose <c>.env</c> file: <c>KEY=VALUE</c> lines, <c>#</c> comments, an optional <c>export </c>
/// prefix, single quotes (literal) and double quotes (with <c>\n</c>, <c>\t</c>, <c>\r</c>, <c>\"</c>, <c>\\</c> escapes),
/// each optionally followed by a <c># comment</c>.
/// </summary>
internal static class DotEnvFile
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> is used in error messages only.</summary>
    /// <exception cref="ComposeFileException">
    /// A line that is not <c>KEY=VALUE</c>, or a quoted value without its closing quote or followed by more than a comment.
    /// </exception>
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
            values[key] = Unquote(line[(equals + 1)..].Trim(), file, index + 1);
        }
        return values;
    }

    /// <summary>Reads <paramref name="path"/> when it exists; an absent file is an empty set.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadIfExistsAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        return Parse(await File.ReadAllTextAsync(path, ct), path);
    }

    private static string Unquote(string raw, string file, int line)
    {
        if (raw.Length > 0 && raw[0] is '\'' or '"')
        {
            var quote = raw[0];
            var value = new StringBuilder();
            for (var i = 1; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == quote)
                {
                    // After the closing quote only a comment may follow: K="v" # note is v.
                    var rest = raw[(i + 1)..].TrimStart();
                    if (rest.Length > 0 && rest[0] != '#')
                        throw new ComposeFileException(file, line, $"expected only a # comment after the closing {quote}, got \"{rest}\"");
                    return value.ToString();
                }
                if (quote == '"' && c == '\\' && i + 1 < raw.Length)
                {
                    // One left-to-right pass, so "a\\nb" is a, backslash, n, b (chained Replace made it a newline).
                    var next = raw[++i];
                    value.Append(next switch
                    {
                        'n' => "\n",
                        't' => "\t",
                        'r' => "\r",
                        '"' => "\"",
                        '\\' => "\\",
                        _ => "\\" + next,
                    });
                    continue;
                }
                value.Append(c);
            }
            throw new ComposeFileException(file, line, $"missing closing {quote} in {raw}");
        }
        // An unquoted value ends at an inline comment (" #").
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? raw[..comment].TrimEnd() : raw;
    }
}
