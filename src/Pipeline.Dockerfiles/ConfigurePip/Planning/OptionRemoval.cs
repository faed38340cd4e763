namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>
/// Removes a command-line option from raw text without breaking the surrounding layout: the word goes
/// with its separating blanks, and a continuation line left empty goes entirely (an empty continuation
/// line is deprecated in BuildKit, and one that ends the instruction would join the next line).
/// </summary>
internal static class OptionRemoval
{
    /// <summary>The edit range for removing <c>text[start..end)</c>.</summary>
    public static (int Start, int End) Range(string text, int start, int end, char escape)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (start == 0)
            lineStart = 0;
        var firstOnLine = text.AsSpan(lineStart, start - lineStart).IsWhiteSpace();
        if (!firstOnLine)
        {
            while (start > lineStart && text[start - 1] is ' ' or '\t')
                start--;
            return (start, end);
        }
        var after = end;
        while (after < text.Length && text[after] is ' ' or '\t')
            after++;
        var lineEnd = text.IndexOf('\n', after);
        var restOfLine = (lineEnd < 0 ? text[after..] : text[after..lineEnd]).TrimEnd('\r');
        if (restOfLine.Trim().Length == 0 && lineStart > 0)
        {
            // The option ended the instruction: drop the escape that continued the previous line instead.
            var previousEnd = lineStart - 1;
            if (previousEnd > 0 && text[previousEnd - 1] == '\r')
                previousEnd--;
            var cut = previousEnd;
            while (cut > 0 && text[cut - 1] is ' ' or '\t')
                cut--;
            if (cut > 0 && text[cut - 1] == escape)
            {
                cut--;
                while (cut > 0 && text[cut - 1] is ' ' or '\t')
                    cut--;
                return (cut, after);
            }
            return (start, end);
        }
        if (restOfLine.TrimEnd(' ', '\t') == escape.ToString())
            return (lineStart, lineEnd < 0 ? text.Length : lineEnd + 1);
        return (start, after);
    }
}
