using Pipeline.IO;

namespace Pipeline.Verify.Reporting;

/// <summary>Writes the JUnit report and the Markdown summary (atomically), and appends the summary to the CI step summary.</summary>
internal static class ReportFiles
{
    public static async Task WriteAsync(VerifyResult result, string? stepSummaryPath, int maxOutputLines, DateTimeOffset timestamp, CancellationToken ct)
    {
        await AtomicFile.WriteAllTextAsync(result.JUnitPath, JUnitReport.ToXml(JUnitReport.Build(result.Results, timestamp)), ct);
        var summary = MarkdownSummary.Build(result.Results, maxOutputLines);
        await AtomicFile.WriteAllTextAsync(result.SummaryPath, summary, ct);
        if (!string.IsNullOrWhiteSpace(stepSummaryPath))
            await File.AppendAllTextAsync(stepSummaryPath, summary + "\n", ct);
    }
}
