namespace Pipeline.Python.IO;

/// <summary>Condenses a tool's error output to its last lines so a failure stays one readable line.</summary>
internal static class ToolOutput
{
    /// <summary>The last <paramref name="count"/> non-empty lines of <paramref name="text"/>, joined with " | ".</summary>
    public static string LastLines(string text, int count = 5) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));
}
