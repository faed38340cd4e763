using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// Finds heredoc openers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;'EOF'</c>, <c>3&lt;&lt;EOF</c>) in an
/// instruction line the way BuildKit does: the line is split into shell words (quotes respected) and
/// each whole word is matched against <c>^(\d*)&lt;&lt;(-?)([^&lt;]*)$</c>.
/// </summary>
internal static partial class HeredocWords
{
    internal sealed record Opener(string Name, bool Expand, bool Chomp, int FileDescriptor);

    internal static List<Opener> Find(string line)
    {
        var openers = new List<Opener>();
        foreach (var word in SplitRaw(line))
        {
            var match = OpenerRegex().Match(word);
            if (!match.Success || match.Groups[3].Value.Length == 0)
                continue;
            var rest = match.Groups[3].Value;
            var (name, quoted, wordCount) = Unquote(rest);
            if (wordCount != 1)
                continue;
            var fd = match.Groups[1].Value.Length == 0 ? 0 : int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            openers.Add(new Opener(name, !quoted, match.Groups[2].Value == "-", fd));
        }
        return openers;
    }

    /// <summary>Shell words with quotes and escapes kept (BuildKit's RawQuotes/RawEscapes lexing).</summary>
    internal static List<string> SplitRaw(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quote == '\0' && char.IsWhiteSpace(ch))
            {
                if (any)
                    words.Add(word.ToString());
                word.Clear();
                any = false;
                continue;
            }
            any = true;
            word.Append(ch);
            if (ch == '\\' && quote != '\'' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                continue;
            }
            if (quote == '\0' && ch is '\'' or '"')
                quote = ch;
            else if (ch == quote)
                quote = '\0';
        }
        if (any)
            words.Add(word.ToString());
        return words;
    }

    private static (string Name, bool Quoted, int WordCount) Unquote(string rest)
    {
        var sb = new StringBuilder();
        var quote = '\0';
        var quoted = false;
        var words = 1;
        for (var i = 0; i < rest.Length; i++)
        {
            var ch = rest[i];
            if (quote == '\0' && char.IsWhiteSpace(ch))
            {
                words++;
                continue;
            }
            if (ch == '\\' && quote != '\'' && i + 1 < rest.Length)
            {
                // BuildKit processes escapes in both lexings, so an escaped name still expands.
                sb.Append(rest[++i]);
                continue;
            }
            if (quote == '\0' && ch is '\'' or '"')
            {
                quote = ch;
                quoted = true;
                continue;
            }
            if (ch == quote)
            {
                quote = '\0';
                continue;
            }
            sb.Append(ch);
        }
        return (sb.ToString(), quoted, words);
    }

    [GeneratedRegex(@"^(\d*)<<(-?)([^<]*)$")]
    private static partial Regex OpenerRegex();
}
