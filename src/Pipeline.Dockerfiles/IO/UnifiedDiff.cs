using DiffPlex.Renderer;

namespace Pipeline.Dockerfiles.IO;

/// <summary>Unified diffs for dry runs, rendered by DiffPlex (no hand-written diff algorithm).</summary>
public static class UnifiedDiff
{
    /// <summary>The unified diff from <paramref name="before"/> to <paramref name="after"/>, or empty when equal.</summary>
    public static string Create(string path, string before, string after, int contextLines = 3)
    {
        if (before == after)
            return "";
        // DiffPlex counts the empty piece after a final newline as a line; patch(1) would then look for it.
        foreach (var ending in new[] { "\r\n", "\n" })
        {
            if (before.EndsWith(ending, StringComparison.Ordinal) && after.EndsWith(ending, StringComparison.Ordinal))
            {
                before = before[..^ending.Length];
                after = after[..^ending.Length];
                break;
            }
        }
        return new UnidiffRenderer(contextLines: contextLines).Generate(before, after, path, path, false, false);
    }
}
