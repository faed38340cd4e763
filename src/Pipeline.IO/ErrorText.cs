namespace Pipeline.IO;

/// <summary>Text of bad-input errors, which quote the user's bytes.</summary>
public static class ErrorText
{
    /// <summary>
    /// <paramref name="text"/> on one line: control characters and the Unicode line and paragraph separators (which
    /// terminals and editors break lines at) as <c>\uXXXX</c>, so an error quoting a stray CR or binary garbage is
    /// still the one line the build summary shows.
    /// </summary>
    public static string OneLine(string text) =>
        text.Any(Breaks)
            ? string.Concat(text.Select(c => Breaks(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : text;

    private static bool Breaks(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
