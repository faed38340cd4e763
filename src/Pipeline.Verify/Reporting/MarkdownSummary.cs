using System.Text;
using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Reporting;

/// <summary>
/// Builds the Markdown summary (pure): an outcome line, then per image a table of checks, with the
/// output of failed checks in collapsible blocks. Suitable for <c>$GITHUB_STEP_SUMMARY</c>.
/// </summary>
internal static class MarkdownSummary
{
    /// <summary>The summary text for <paramref name="results"/>; command output is cut at <paramref name="maxOutputLines"/> lines per stream.</summary>
    public static string Build(IReadOnlyList<CheckResult> results, int maxOutputLines = 40)
    {
        var failed = results.Count(r => r.Status == CheckStatus.Failed);
        var builder = new StringBuilder();
        builder.AppendLine(failed == 0
            ? $"## Verify: ✓ {results.Count} checks passed"
            : $"## Verify: ✗ {failed} of {results.Count} checks failed");
        foreach (var image in results.GroupBy(r => r.Service, StringComparer.Ordinal))
        {
            builder.AppendLine().AppendLine($"### {Escape(image.Key)} (`{image.First().Image}`)").AppendLine();
            builder.AppendLine("| | Check | Details |").AppendLine("|---|---|---|");
            foreach (var result in image)
                builder.AppendLine($"| {StatusMarks.Mark(result.Status)} | {Escape(result.Check)} | {Escape(result.Reason)} |");
            foreach (var result in image.Where(r => r.Status == CheckStatus.Failed && HasOutput(r)))
            {
                builder.AppendLine().AppendLine($"<details><summary>{Html(result.Check)} output</summary>").AppendLine();
                builder.AppendLine("```");
                builder.AppendLine(Tail(((result.Stdout ?? "") + "\n" + (result.Stderr ?? "")).Trim(), maxOutputLines).Replace("```", "`​``"));
                builder.AppendLine("```").AppendLine().AppendLine("</details>");
            }
        }
        return builder.ToString();
    }

    private static bool HasOutput(CheckResult r) => !string.IsNullOrWhiteSpace(r.Stdout) || !string.IsNullOrWhiteSpace(r.Stderr);

    private static string Tail(string text, int maxLines)
    {
        var lines = text.Split('\n');
        return lines.Length <= maxLines ? text : $"… ({lines.Length - maxLines} lines omitted)\n" + string.Join('\n', lines[^maxLines..]);
    }

    private static string Escape(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|");

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
