using System.Text;

namespace Pipeline.Compose.Interpolation;

/// <summary>
/// Compose variable interpolation of one string, as the compose specification defines it:
/// <c>$VAR</c>, <c>${VAR}</c>, <c>$$</c> (a literal <c>$</c>), <c>${VAR:-default}</c> / <c>${VAR-default}</c>,
/// <c>${VAR:?message}</c> / <c>${VAR?message}</c>, <c>${VAR:+alt}</c> / <c>${VAR+alt}</c>; defaults may nest.
/// Pure: variables come from a lookup, never from the process.
/// </summary>
internal sealed class Interpolator
{
    private readonly Func<string, string?> _lookup;

    /// <summary>Creates an interpolator over <paramref name="lookup"/> (returns null for an unset variable).</summary>
    public Interpolator(Func<string, string?> lookup) => _lookup = lookup;

    /// <summary>Creates an interpolator over a dictionary of variables.</summary>
    public Interpolator(IReadOnlyDictionary<string, string> variables)
        : this(name => variables.TryGetValue(name, out var v) ? v : null) { }

    /// <summary>Returns <paramref name="text"/> with every expression replaced.</summary>
    /// <exception cref="InterpolationException">A required variable is unset or the syntax is broken.</exception>
    public string Interpolate(string text)
    {
        if (!text.Contains('$')) return text;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var close = FindClosingBrace(text, i + 2);
                if (close < 0) throw new InterpolationException($"invalid interpolation format in \"{text}\": missing closing brace");
                output.Append(Evaluate(text[(i + 2)..close], text));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNameChar(text[end])) end++;
                output.Append(_lookup(text[(i + 1)..end]) ?? string.Empty);
                i = end;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }
        return output.ToString();
    }

    private string Evaluate(string expression, string whole)
    {
        var nameEnd = 0;
        while (nameEnd < expression.Length && IsNameChar(expression[nameEnd])) nameEnd++;
        var name = expression[..nameEnd];
        if (name.Length == 0 || !IsNameStart(name[0]))
            throw new InterpolationException($"invalid interpolation format in \"{whole}\": \"${{{expression}}}\" does not start with a variable name");

        var value = _lookup(name);
        if (nameEnd == expression.Length) return value ?? string.Empty;

        var colon = expression[nameEnd] == ':';
        var opIndex = colon ? nameEnd + 1 : nameEnd;
        if (opIndex >= expression.Length)
            throw new InterpolationException($"invalid interpolation format in \"{whole}\": \"${{{expression}}}\" has no operator after ':'");
        var op = expression[opIndex];
        var argument = expression[(opIndex + 1)..];
        // ":" variants treat an empty value like an unset one.
        var missing = colon ? string.IsNullOrEmpty(value) : value is null;

        return op switch
        {
            '-' => missing ? Interpolate(argument) : value!,
            '+' => missing ? string.Empty : Interpolate(argument),
            '?' => missing
                ? throw new InterpolationException($"required variable {name} is missing a value: {Interpolate(argument)}")
                : value!,
            _ => throw new InterpolationException($"invalid interpolation format in \"{whole}\": unknown operator '{op}' in \"${{{expression}}}\""),
        };
    }

    private static int FindClosingBrace(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{') { depth++; i++; }
            else if (text[i] == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
