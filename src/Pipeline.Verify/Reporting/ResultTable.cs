using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Reporting;

/// <summary>Formats one image's results as a plain-text table for the console (pure).</summary>
internal static class ResultTable
{
    /// <summary>The table's lines: a title, a header, a rule and one row per check; long details are cut at <paramref name="maxDetail"/> characters.</summary>
    public static IReadOnlyList<string> Format(string service, string image, IReadOnlyList<CheckResult> results, int maxDetail = 100)
    {
        var rows = results.Select(r => new[] { $"{StatusMarks.Mark(r.Status)} {StatusMarks.Word(r.Status)}", r.Check, Cut(r.Reason, maxDetail) }).ToList();
        string[] header = ["Status", "Check", "Details"];
        var widths = Enumerable.Range(0, header.Length)
            .Select(i => rows.Select(r => r[i].Length).Prepend(header[i].Length).Max())
            .ToArray();
        var failed = results.Count(r => r.Status == CheckStatus.Failed);
        var lines = new List<string>
        {
            $"{service} ({image}): {(failed == 0 ? "all checks passed" : $"{failed} of {results.Count} checks failed")}",
            Line(header, widths),
            string.Join("-+-", widths.Select(w => new string('-', w))),
        };
        lines.AddRange(rows.Select(r => Line(r, widths)));
        return lines;
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Cut(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)] + "…";
    }
}
