namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// An instruction's text as BuildKit sees it: continuation lines joined, escape characters at line ends,
/// comment lines and blank lines inside the continuation dropped. Every character remembers where it
/// came from in the raw text, so edits planned on the logical text can be applied to the original bytes.
/// </summary>
public sealed class LogicalLine
{
    private readonly List<(int Logical, int Raw, int Length)> _pieces = [];
    private readonly System.Text.StringBuilder _text = new();

    /// <summary>The joined text.</summary>
    public string Text => _text.ToString();

    /// <summary>
    /// Appends <paramref name="length"/> characters of <paramref name="source"/> from <paramref name="sourceIndex"/>;
    /// they sit at <paramref name="rawOffset"/> in the instruction's raw text.
    /// </summary>
    internal void Append(string source, int sourceIndex, int length, int rawOffset)
    {
        if (length <= 0)
            return;
        _pieces.Add((_text.Length, rawOffset, length));
        _text.Append(source, sourceIndex, length);
    }

    /// <summary>Maps a logical index (0..Length) to an offset in the instruction's raw text.</summary>
    public int ToRaw(int logicalIndex)
    {
        if (_pieces.Count == 0)
            return 0;
        foreach (var (logical, raw, length) in _pieces)
        {
            if (logicalIndex < logical + length)
                return raw + Math.Max(0, logicalIndex - logical);
        }
        var last = _pieces[^1];
        return last.Raw + last.Length + (logicalIndex - last.Logical - last.Length);
    }

    /// <summary>Maps the exclusive end of a logical range to the raw text (the end of the last character).</summary>
    public int ToRawEnd(int logicalEnd) => logicalEnd == 0 ? ToRaw(0) : ToRaw(logicalEnd - 1) + 1;
}
