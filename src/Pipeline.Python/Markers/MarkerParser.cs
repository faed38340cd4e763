namespace Pipeline.Python.Markers;

/// <summary>
/// Parses PEP 508 environment markers (<c>and</c>/<c>or</c>, parentheses, <c>in</c>/<c>not in</c>, version
/// operators). Written here because no library on the NuGet mirror evaluates Python markers (Tomlyn only reads
/// TOML); the grammar is small: <c>or_expr := and_expr ('or' and_expr)*</c>,
/// <c>and_expr := atom ('and' atom)*</c>, <c>atom := '(' or_expr ')' | value op value</c>. The PEP 751 set variables
/// <c>extras</c> and <c>dependency_groups</c> are accepted on the right of <c>in</c>/<c>not in</c>.
/// </summary>
internal static class MarkerParser
{
    private static readonly HashSet<string> Variables =
    [
        "python_version", "python_full_version", "implementation_version", "implementation_name",
        "platform_python_implementation", "sys_platform", "platform_system", "platform_machine", "os_name",
        "platform_release", "platform_version", "extra",
        // PEP 751 (pylock.toml): sets of the requested extras and dependency groups, tested with in / not in.
        "extras", "dependency_groups",
    ];

    /// <summary>The set-valued variables of PEP 751, which only <c>in</c> and <c>not in</c> can test.</summary>
    internal static readonly IReadOnlySet<string> SetVariables = new HashSet<string>(StringComparer.Ordinal) { "extras", "dependency_groups" };

    /// <summary>Parses <paramref name="marker"/>; throws <see cref="MarkerSyntaxException"/> on bad syntax.</summary>
    public static MarkerExpression Parse(string marker)
    {
        var tokens = Tokenize(marker);
        var pos = 0;
        var expr = ParseOr(tokens, ref pos, marker);
        if (pos != tokens.Count)
            throw new MarkerSyntaxException($"unexpected '{tokens[pos].Text}' in marker \"{marker}\"");
        return expr;
    }

    private static MarkerExpression ParseOr(List<Token> t, ref int pos, string marker) => ParseChain(t, ref pos, marker, "or");

    /// <summary>
    /// <c>operand (keyword operand)*</c>, left-associative: for <c>or</c> the operands are <c>and</c> chains, for
    /// <c>and</c> they are atoms (so <c>and</c> binds tighter).
    /// </summary>
    private static MarkerExpression ParseChain(List<Token> t, ref int pos, string marker, string keyword)
    {
        var left = Operand(t, ref pos, marker, keyword);
        while (pos < t.Count && t[pos].Kind == TokenKind.Word && t[pos].Text == keyword)
        {
            pos++;
            var right = Operand(t, ref pos, marker, keyword);
            left = keyword == "or" ? new MarkerOr(left, right) : new MarkerAnd(left, right);
        }
        return left;

        static MarkerExpression Operand(List<Token> t, ref int pos, string marker, string keyword) =>
            keyword == "or" ? ParseChain(t, ref pos, marker, "and") : ParseAtom(t, ref pos, marker);
    }

    private static MarkerExpression ParseAtom(List<Token> t, ref int pos, string marker)
    {
        if (pos < t.Count && t[pos].Kind == TokenKind.Open)
        {
            pos++;
            var inner = ParseOr(t, ref pos, marker);
            if (pos >= t.Count || t[pos].Kind != TokenKind.Close)
                throw new MarkerSyntaxException($"expected ')' in marker \"{marker}\"");
            pos++;
            return inner;
        }
        var left = ParseValue(t, ref pos, marker);
        var op = ParseOperator(t, ref pos, marker);
        var right = ParseValue(t, ref pos, marker);
        var setOnRight = right.IsVariable && SetVariables.Contains(right.Text);
        var setOnLeft = left.IsVariable && SetVariables.Contains(left.Text);
        // A set is only ever the container: 'name' in extras. Anything else has no meaning in PEP 751.
        if (setOnLeft || (setOnRight && (op is not ("in" or "not in") || left.IsVariable)))
            throw new MarkerSyntaxException($"expected '\"name\" in {(setOnRight ? right.Text : left.Text)}' or 'not in' (PEP 751 sets can only be tested for membership) in \"{marker}\"");
        return new MarkerComparison(left, op, right);
    }

    private static MarkerValue ParseValue(List<Token> t, ref int pos, string marker)
    {
        if (pos >= t.Count)
            throw new MarkerSyntaxException($"expected a variable or quoted string at the end of marker \"{marker}\"");
        var token = t[pos++];
        return token.Kind switch
        {
            TokenKind.String => new MarkerValue(token.Text, false),
            TokenKind.Word when Variables.Contains(token.Text) => new MarkerValue(token.Text, true),
            _ => throw new MarkerSyntaxException($"expected a marker variable (e.g. python_version) or quoted string, got '{token.Text}' in \"{marker}\""),
        };
    }

    private static string ParseOperator(List<Token> t, ref int pos, string marker)
    {
        if (pos < t.Count && t[pos].Kind == TokenKind.Operator)
            return t[pos++].Text;
        if (pos < t.Count && t[pos] is { Kind: TokenKind.Word, Text: "in" })
        {
            pos++;
            return "in";
        }
        if (pos + 1 < t.Count && t[pos] is { Kind: TokenKind.Word, Text: "not" } && t[pos + 1] is { Kind: TokenKind.Word, Text: "in" })
        {
            pos += 2;
            return "not in";
        }
        var got = pos < t.Count ? t[pos].Text : "end of marker";
        throw new MarkerSyntaxException($"expected a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in), got '{got}' in \"{marker}\"");
    }

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString()));
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = s.IndexOf(c, i + 1);
                if (end < 0)
                    throw new MarkerSyntaxException($"unterminated string in marker \"{s}\"");
                tokens.Add(new Token(TokenKind.String, s[(i + 1)..end]));
                i = end + 1;
            }
            else if (c is '<' or '>' or '=' or '!' or '~')
            {
                var start = i;
                while (i < s.Length && s[i] is '<' or '>' or '=' or '!' or '~')
                    i++;
                var op = s[start..i];
                if (op is not ("==" or "!=" or "<" or "<=" or ">" or ">=" or "~=" or "==="))
                    throw new MarkerSyntaxException($"unknown operator '{op}' in marker \"{s}\"");
                tokens.Add(new Token(TokenKind.Operator, op));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '.'))
                    i++;
                tokens.Add(new Token(TokenKind.Word, s[start..i]));
            }
            else
            {
                throw new MarkerSyntaxException($"unexpected character '{c}' in marker \"{s}\"");
            }
        }
        return tokens;
    }

    private enum TokenKind { Open, Close, String, Operator, Word }

    private readonly record struct Token(TokenKind Kind, string Text);
}
