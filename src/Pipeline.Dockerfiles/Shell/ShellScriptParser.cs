using System.Text;

namespace Pipeline.Dockerfiles.Shell;

/// <summary>
/// A small POSIX shell reader, enough to split a RUN line into simple commands and words without being
/// fooled by quotes, escapes, command substitutions, comments or redirections. It does not expand
/// anything: <c>$VAR</c> stays literal in word values.
/// </summary>
internal static class ShellScriptParser
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
        private readonly List<ShellCommand> _commands = [];
        private readonly List<ShellWord> _words = [];
        private readonly StringBuilder _value = new();
        private int _pos;
        private int _wordStart = -1;
        private bool _quoted;
        private bool _skipNextWord;

        public List<ShellCommand> ReadAll()
        {
            while (_pos < text.Length)
            {
                var ch = text[_pos];
                if (ch is ' ' or '\t' or '\r')
                {
                    EndWord();
                    _pos++;
                }
                else if (ch == '\n')
                {
                    EndCommand("\n");
                    _pos++;
                }
                else if (ch == '#' && _wordStart < 0)
                {
                    while (_pos < text.Length && text[_pos] != '\n')
                        _pos++;
                }
                else if (ch == '\\')
                {
                    if (_pos + 1 < text.Length && text[_pos + 1] == '\n')
                    {
                        _pos += 2; // line continuation inside a heredoc script
                        continue;
                    }
                    Begin();
                    _quoted = true;
                    if (_pos + 1 < text.Length)
                        _value.Append(text[_pos + 1]);
                    _pos += 2;
                }
                else if (ch == '\'')
                {
                    Begin();
                    _quoted = true;
                    var close = text.IndexOf('\'', _pos + 1);
                    close = close < 0 ? text.Length : close;
                    _value.Append(text, _pos + 1, close - _pos - 1);
                    _pos = close + 1;
                }
                else if (ch == '"')
                {
                    Begin();
                    _quoted = true;
                    ReadDoubleQuoted();
                }
                else if (ch == '$' && _pos + 1 < text.Length && text[_pos + 1] is '(' or '{')
                {
                    Begin();
                    ReadBalanced(text[_pos + 1] == '(' ? '(' : '{', text[_pos + 1] == '(' ? ')' : '}');
                }
                else if (ch == '`')
                {
                    Begin();
                    var close = text.IndexOf('`', _pos + 1);
                    close = close < 0 ? text.Length - 1 : close;
                    _value.Append(text, _pos, close - _pos + 1);
                    _pos = close + 1;
                }
                else if (ch is '<' or '>' || (ch == '&' && _pos + 1 < text.Length && text[_pos + 1] == '>'))
                {
                    ReadRedirection();
                }
                else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, _pos, o, 0, o.Length) == 0) is { } op)
                {
                    EndCommand(op);
                    _pos += op.Length;
                }
                else
                {
                    Begin();
                    _value.Append(ch);
                    _pos++;
                }
            }
            EndCommand("");
            return _commands;
        }

        private void ReadDoubleQuoted()
        {
            _pos++;
            while (_pos < text.Length && text[_pos] != '"')
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length && text[_pos + 1] is '"' or '\\' or '$' or '`' or '\n')
                {
                    if (text[_pos + 1] != '\n')
                        _value.Append(text[_pos + 1]);
                    _pos += 2;
                }
                else if (text[_pos] == '$' && _pos + 1 < text.Length && text[_pos + 1] == '(')
                {
                    ReadBalanced('(', ')');
                }
                else
                {
                    _value.Append(text[_pos++]);
                }
            }
            _pos++;
        }

        // $( ... ) or ${ ... }: kept literally in the word, nested quotes respected.
        private void ReadBalanced(char open, char close)
        {
            var start = _pos;
            var depth = 0;
            _pos++;
            while (_pos < text.Length)
            {
                var ch = text[_pos];
                if (ch == '\\')
                {
                    _pos += 2;
                    continue;
                }
                if (ch == '\'' || ch == '"')
                {
                    var end = text.IndexOf(ch, _pos + 1);
                    _pos = end < 0 ? text.Length : end + 1;
                    continue;
                }
                _pos++;
                if (ch == open)
                    depth++;
                else if (ch == close && --depth == 0)
                    break;
            }
            _value.Append(text, start, Math.Min(_pos, text.Length) - start);
        }

        private void ReadRedirection()
        {
            // A word made only of digits right before the operator is a file descriptor, not an argument.
            if (_wordStart >= 0 && !_quoted && _value.Length > 0 && _value.ToString().All(char.IsAsciiDigit))
                Discard();
            else
                EndWord();
            if (text[_pos] == '&')
                _pos++;
            var op = text[_pos];
            _pos++;
            while (_pos < text.Length && text[_pos] is '<' or '>' or '&' or '-' or '|')
                _pos++;
            // "2>&1": the target is a descriptor glued to the operator.
            if (op == '>' && text[_pos - 1] == '&' && _pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                    _pos++;
                return;
            }
            _skipNextWord = true;
        }

        private void Begin()
        {
            if (_wordStart < 0)
                _wordStart = _pos;
        }

        private void Discard()
        {
            _wordStart = -1;
            _value.Clear();
            _quoted = false;
        }

        private void EndWord()
        {
            if (_wordStart < 0)
                return;
            if (_skipNextWord)
                _skipNextWord = false;
            else
                _words.Add(new ShellWord(_value.ToString(), _wordStart, Math.Min(_pos, text.Length), _quoted));
            Discard();
        }

        private void EndCommand(string op)
        {
            EndWord();
            _skipNextWord = false;
            if (_words.Count > 0)
                _commands.Add(new ShellCommand([.. _words], op));
            _words.Clear();
        }
    }
}
