namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// One line of the file exactly as stored: <see cref="Text"/> includes its terminator (<c>\n</c>,
/// <c>\r\n</c>, or none on the last line), so concatenating lines gives back the file byte for byte.
/// </summary>
/// <param name="Number">1-based line number.</param>
/// <param name="Offset">Character offset of the line's first character in the file.</param>
/// <param name="Text">The line with its terminator.</param>
internal sealed record PhysicalLine(int Number, int Offset, string Text)
{
    /// <summary>The line without trailing <c>\r</c>/<c>\n</c> characters (BuildKit's <c>trimNewline</c>).</summary>
    public string Content => Text.TrimEnd('\r', '\n');

    /// <summary>Splits <paramref name="text"/> at <c>\n</c>, keeping terminators, as Go's line scanner does.</summary>
    public static IReadOnlyList<PhysicalLine> Split(string text)
    {
        var lines = new List<PhysicalLine>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(new PhysicalLine(lines.Count + 1, start, text[start..end]));
            start = end;
        }
        return lines;
    }
}
