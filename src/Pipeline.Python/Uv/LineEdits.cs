namespace Pipeline.Python.Uv;

/// <summary>
/// Line-level edits applied bottom-up so earlier line numbers stay valid. Editing lines (rather than
/// re-serializing a TOML model) leaves every untouched byte, comment and blank line exactly as it was.
/// </summary>
internal sealed class LineEdits
{
    private readonly List<(int Start, int End, string[] Replacement, int Order)> _edits = [];

    /// <summary>Replaces 0-based lines <paramref name="start"/>..<paramref name="end"/> (inclusive).</summary>
    public void Replace(int start, int end, params string[] lines) => _edits.Add((start, end, lines, _edits.Count));

    /// <summary>Deletes 0-based lines <paramref name="start"/>..<paramref name="end"/> (inclusive).</summary>
    public void Delete(int start, int end) => _edits.Add((start, end, [], _edits.Count));

    /// <summary>Inserts lines before 0-based line <paramref name="index"/> (may equal the line count to append).</summary>
    public void InsertBefore(int index, params string[] lines) => _edits.Add((index, index - 1, lines, _edits.Count));

    /// <summary>True when no edit was recorded.</summary>
    public bool IsEmpty => _edits.Count == 0;

    /// <summary>Applies the edits to <paramref name="lines"/>.</summary>
    public List<string> Apply(IReadOnlyList<string> lines)
    {
        var result = lines.ToList();
        // Later positions first; at the same position, later-recorded inserts go first so recorded order is kept.
        foreach (var (start, end, replacement, _) in _edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.Order))
        {
            result.RemoveRange(start, end - start + 1);
            result.InsertRange(start, replacement);
        }
        return result;
    }
}
