using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Renderer;

namespace Pipeline.Dockerfiles.IO;

/// <summary>Unified diffs for dry runs, rendered by DiffPlex (no hand-written diff algorithm).</summary>
internal static class UnifiedDiff
{
    // Lines split on "\n" only: a CRLF line keeps its "\r", so patch(1) matches CRLF files exactly and writes CRLF back.
    private static readonly IChunker Lines = new CustomFunctionChunker(text => text.Split('\n'));

    /// <summary>The unified diff from <paramref name="before"/> to <paramref name="after"/>, or empty when equal.</summary>
    public static string Create(string path, string before, string after, int contextLines = 3)
    {
        if (before == after)
            return "";
        // DiffPlex counts the empty piece after a final newline as a line; patch(1) would then look for it.
        if (before.EndsWith('\n') && after.EndsWith('\n'))
        {
            before = before[..^1];
            after = after[..^1];
        }
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, Lines);
        return new UnidiffRenderer(contextLines: contextLines).Generate(diff, path, path);
    }
}
