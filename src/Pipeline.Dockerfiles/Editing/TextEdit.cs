namespace Pipeline.Dockerfiles.Editing;

/// <summary>Replace <c>[Start, End)</c> of the file text with <see cref="Replacement"/> (an insertion when Start == End).</summary>
/// <param name="Start">First character replaced.</param>
/// <param name="End">Just after the last character replaced.</param>
/// <param name="Replacement">The new text.</param>
public sealed record TextEdit(int Start, int End, string Replacement)
{
    /// <summary>
    /// Applies non-overlapping edits to <paramref name="text"/>. Insertions at the same position keep
    /// their given order, so blocks planned in sequence come out in sequence.
    /// </summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.Select((edit, index) => (edit, index)).OrderBy(e => e.edit.Start).ThenBy(e => e.index).Select(e => e.edit).ToList();
        var builder = new System.Text.StringBuilder(text.Length + 256);
        var at = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < at)
                throw new InvalidOperationException($"Overlapping edits at offset {edit.Start}.");
            builder.Append(text, at, edit.Start - at).Append(edit.Replacement);
            at = edit.End;
        }
        return builder.Append(text, at, text.Length - at).ToString();
    }
}
