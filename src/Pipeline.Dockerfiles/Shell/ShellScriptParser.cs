using System.Text;

namespace Pipeline.Dockerfiles.Shell;

/// <summary>
/// A small POSIX shell reader, enough to split a RUN line into simple commands and words without being
/// fooled by quotes, escapes, command substitutions, comments or redirections. It does not expand
/// anything: <c>$VAR</c> stays literal in word values.
/// </summary>
public static class ShellScriptParser
{
    private static readonly string[] Operators = ["&&", "||", ";;", ";", "|", "&", "(", ")"];

    /// <summary>Splits <paramref name="script"/> into simple commands, in order.</summary>
    public static IReadOnlyList<ShellCommand> Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var reader = new Reader(script);
        return reader.ReadAll();
    }

    private sealed class Reader(string text)
    {
        private readonly List<ShellCommand> commands = [];
        private readonly List<ShellWord> words = [];
        private readonly StringBuilder value = new();
        private int pos;
        private int wordStart = -1;
        private bool quoted;
        private bool skipNextWord;

        public List<ShellCommand> ReadAll()
        {
            while (pos < text.Length)
            {
                var ch = text[pos];
                if (ch is ' ' or '\t' or '\r')
                {
                    EndWord();
                    pos++;
                }
                else if (ch == '\n')
                {
                    EndCommand("\n");
                    pos++;
                }
                else if (ch == '#' && wordStart < 0)
                {
                    while (pos < text.Length && text[pos] != '\n')
                        pos++;
                }
                else if (ch == '\\')
                {
                    if (pos + 1 < text.Length && text[pos + 1] == '\n')
                    {
                        pos += 2; // line continuation inside a heredoc script
                        continue;
                    }
                    Begin();
                    quoted = true;
                    if (pos + 1 < text.Length)
                        value.Append(text[pos + 1]);
                    pos += 2;
                }
                else if (ch == '\'')
                {
                    Begin();
                    quoted = true;
                    var close = text.IndexOf('\'', pos + 1);
                    close = close < 0 ? text.Length : close;
                    value.Append(text, pos + 1, close - pos - 1);
                    pos = close + 1;
                }
                else if (ch == '"')
                {
                    Begin();
                    quoted = true;
                    ReadDoubleQuoted();
                }
                else if (ch == '$' && pos + 1 < text.Length && text[pos + 1] is '(' or '{')
                {
                    Begin();
                    ReadBalanced(text[pos + 1] == '(' ? '(' : '{', text[pos + 1] == '(' ? ')' : '}');
                }
                else if (ch == '`')
                {
                    Begin();
                    var close = text.IndexOf('`', pos + 1);
                    close = close < 0 ? text.Length - 1 : close;
                    value.Append(text, pos, close - pos + 1);
                    pos = close + 1;
                }
                else if (ch is '<' or '>' || (ch == '&' && pos + 1 < text.Length && text[pos + 1] == '>'))
                {
                    ReadRedirection();
                }
                else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, pos, o, 0, o.Length) == 0) is { } op)
                {
                    EndCommand(op);
                    pos += op.Length;
                }
                else
                {
                    Begin();
                    value.Append(ch);
                    pos++;
                }
            }
            EndCommand("");
            return commands;
        }

        private void ReadDoubleQuoted()
        {
            pos++;
            while (pos < text.Length && text[pos] != '"')
            {
                if (text[pos] == '\\' && pos + 1 < text.Length && text[pos + 1] is '"' or '\\' or '$' or '`' or '\n')
                {
                    if (text[pos + 1] != '\n')
                        value.Append(text[pos + 1]);
                    pos += 2;
                }
                else if (text[pos] == '$' && pos + 1 < text.Length && text[pos + 1] == '(')
                {
                    ReadBalanced('(', ')');
                }
                else
                {
                    value.Append(text[pos++]);
                }
            }
            pos++;
        }

        // $( ... ) or ${ ... }: kept literally in the word, nested quotes respected.
        private void ReadBalanced(char open, char close)
        {
            var start = pos;
            var depth = 0;
            pos++;
            while (pos < text.Length)
            {
                var ch = text[pos];
                if (ch == '\\')
                {
                    pos += 2;
                    continue;
                }
                if (ch == '\'' || ch == '"')
                {
                    var end = text.IndexOf(ch, pos + 1);
                    pos = end < 0 ? text.Length : end + 1;
                    continue;
                }
                pos++;
                if (ch == open)
                    depth++;
                else if (ch == close && --depth == 0)
                    break;
            }
            value.Append(text, start, Math.Min(pos, text.Length) - start);
        }

        private void ReadRedirection()
        {
            // A word made only of digits right before the operator is a file descriptor, not an argument.
            if (wordStart >= 0 && !quoted && value.Length > 0 && value.ToString().All(char.IsAsciiDigit))
                Discard();
            else
                EndWord();
            if (text[pos] == '&')
                pos++;
            var op = text[pos];
            pos++;
            while (pos < text.Length && text[pos] is '<' or '>' or '&' or '-' or '|')
                pos++;
            // "2>&1": the target is a descriptor glued to the operator.
            if (op == '>' && text[pos - 1] == '&' && pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                    pos++;
                return;
            }
            skipNextWord = true;
        }

        private void Begin()
        {
            if (wordStart < 0)
                wordStart = pos;
        }

        private void Discard()
        {
            wordStart = -1;
            value.Clear();
            quoted = false;
        }

        private void EndWord()
        {
            if (wordStart < 0)
                return;
            if (skipNextWord)
                skipNextWord = false;
            else
                words.Add(new ShellWord(value.ToString(), wordStart, Math.Min(pos, text.Length), quoted));
            Discard();
        }

        private void EndCommand(string op)
        {
            EndWord();
            skipNextWord = false;
            if (words.Count > 0)
                commands.Add(new ShellCommand([.. words], op));
            words.Clear();
        }
    }
}
