using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// BuildKit's per-keyword argument parsers (<c>line_parsers.go</c>): how each keyword's text after the
/// flags becomes a list of arguments. Kept identical so the conformance suite renders byte for byte.
/// </summary>
internal static partial class InstructionArguments
{
    /// <summary>Raised for arguments BuildKit rejects; the parser adds the location.</summary>
    internal sealed class Problem(string message) : Exception(message);

    internal sealed record Parsed(IReadOnlyList<string> Arguments, bool IsJson, Instruction? Inner);

    private static readonly Parsed Empty = new([], false, null);

    internal static Parsed Parse(string keyword, string rest, char escape, Func<string, Instruction> parseInner)
    {
        switch (keyword.ToLowerInvariant())
        {
            case "add":
            case "copy":
            case "volume":
                return MaybeJsonToList(rest);
            case "arg":
                return new Parsed(ParseWords(rest, escape), false, null);
            case "cmd":
            case "entrypoint":
            case "run":
            case "shell":
                return MaybeJson(rest);
            case "env":
                return NameValue(rest, "ENV", escape);
            case "label":
                return NameValue(rest, "LABEL", escape);
            case "expose":
            case "from":
                return WhitespaceDelimited(rest);
            case "healthcheck":
                return HealthConfig(rest);
            case "maintainer":
            case "stopsignal":
            case "user":
            case "workdir":
                return rest.Length == 0 ? Empty : new Parsed([rest], false, null);
            case "onbuild":
                return rest.Length == 0 ? Empty : new Parsed([], false, parseInner(rest));
            default:
                // BuildKit keeps unknown instructions with one empty argument (parseIgnore).
                return new Parsed([""], false, null);
        }
    }

    private static Parsed MaybeJson(string rest)
    {
        if (rest.Length == 0)
            return Empty;
        return TryJson(rest) ?? new Parsed([rest], false, null);
    }

    private static Parsed MaybeJsonToList(string rest) => TryJson(rest) ?? WhitespaceDelimited(rest);

    private static Parsed? TryJson(string rest)
    {
        var trimmed = rest.TrimStart();
        if (!trimmed.StartsWith('['))
            return null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(trimmed);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return null;
            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                    throw new Problem("when using JSON array syntax, arrays must be comprised of strings only (expected [\"executable\", \"arg\", ...])");
                values.Add(element.GetString()!);
            }
            return new Parsed(values, true, null);
        }
    }

    private static Parsed WhitespaceDelimited(string rest) =>
        rest.Length == 0 ? Empty : new Parsed(Whitespace().Split(rest), false, null);

    private static Parsed HealthConfig(string rest)
    {
        var sep = 0;
        while (sep < rest.Length && !char.IsWhiteSpace(rest[sep]))
            sep++;
        var next = sep;
        while (next < rest.Length && char.IsWhiteSpace(rest[next]))
            next++;
        if (sep == 0)
            return Empty;
        var command = MaybeJson(rest[next..]);
        return new Parsed([rest[..sep], .. command.Arguments], command.IsJson, null);
    }

    private static Parsed NameValue(string rest, string key, char escape)
    {
        var words = ParseWords(rest, escape);
        if (words.Count == 0)
            return Empty;
        if (!words[0].Contains('='))
        {
            var parts = Whitespace().Split(rest, 2);
            if (parts.Length < 2)
                throw new Problem($"{key} must have two arguments (expected `{key} name value` or `{key} name=value`)");
            return new Parsed([parts[0], parts[1], ""], false, null);
        }
        var arguments = new List<string>();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=');
            if (equals < 0)
                throw new Problem($"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            arguments.AddRange([word[..equals], word[(equals + 1)..], "="]);
        }
        return new Parsed(arguments, false, null);
    }

    /// <summary>BuildKit's <c>parseWords</c>: splits on whitespace, keeping quotes and escapes in the words.</summary>
    internal static List<string> ParseWords(string rest, char escape) => ParseWords(rest, escape, null);

    /// <summary>As <see cref="ParseWords(string, char)"/>, also giving each word's <c>[Start, End)</c> in <paramref name="rest"/>.</summary>
    internal static List<string> ParseWords(string rest, char escape, List<(int Start, int End)>? spans)
    {
        var words = new List<string>();
        var wordStart = 0;
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos < rest.Length; pos++)
        {
            var ch = rest[pos];
            if (!inWord && quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                    continue;
                inWord = true;
                wordStart = pos;
            }
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                        spans?.Add((wordStart, pos));
                    }
                    word.Clear();
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                }
                if (ch == escape)
                {
                    if (pos + 1 == rest.Length)
                        continue;
                    word.Append(ch);
                    pos++;
                    ch = rest[pos];
                }
                word.Append(ch);
                continue;
            }
            var closes = ch == quote;
            if (ch == escape && quote != '\'')
            {
                if (pos + 1 == rest.Length)
                {
                    quote = '\0';
                    continue;
                }
                pos++;
                word.Append(ch);
                ch = rest[pos];
                closes = false;
            }
            if (closes)
                quote = '\0';
            word.Append(ch);
        }
        if ((inWord || quote != '\0') && (blankOk || word.Length > 0))
        {
            words.Add(word.ToString());
            spans?.Add((wordStart, rest.Length));
        }
        return words;
    }

    /// <summary>
    /// BuildKit's <c>extractBuilderFlags</c>: leading <c>--name[=value]</c> words. Returns the flags and the
    /// index in <paramref name="line"/> where the remaining arguments begin.
    /// </summary>
    internal static (List<string> Flags, int RestStart) ExtractFlags(string line, List<(int Start, int End)>? spans = null)
    {
        var words = new List<string>();
        var wordStart = 0;
        var word = new StringBuilder();
        var phase = 0; // 0 spaces, 1 word, 2 quote
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos <= line.Length; pos++)
        {
            var ch = pos < line.Length ? line[pos] : '\0';
            if (phase == 0)
            {
                if (pos == line.Length)
                    break;
                if (char.IsWhiteSpace(ch))
                    continue;
                if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                    return (words, pos);
                phase = 1;
                wordStart = pos;
            }
            if (pos == line.Length)
            {
                if (word.ToString() != "--" && (blankOk || word.Length > 0))
                {
                    words.Add(word.ToString());
                    spans?.Add((wordStart, pos));
                }
                break;
            }
            if (phase == 1)
            {
                if (char.IsWhiteSpace(ch))
                {
                    phase = 0;
                    if (word.ToString() == "--")
                        return (words, pos);
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
                        spans?.Add((wordStart, pos));
                    }
                    word.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    phase = 2;
                    continue;
                }
                if (ch == '\\')
                {
                    if (pos + 1 == line.Length)
                        continue;
                    pos++;
                    ch = line[pos];
                }
                word.Append(ch);
                continue;
            }
            if (ch == quote)
            {
                phase = 1;
                continue;
            }
            if (ch == '\\')
            {
                if (pos + 1 == line.Length)
                {
                    phase = 1;
                    continue;
                }
                pos++;
                ch = line[pos];
            }
            word.Append(ch);
        }
        return (words, line.Length);
    }

    [GeneratedRegex("[\t\v\f\r ]+")]
    internal static partial Regex Whitespace();
}
