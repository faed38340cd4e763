using System.Globalization;
using System.Text;

namespace Pipeline.Build;

/// <summary>
/// The table printed at the end of a build: Target / Status / Duration with notes after <c>//</c>, a Total row,
/// then the one-line outcome.
/// </summary>
public static class SummaryWriter
{
    /// <summary>Formats a duration as NUKE does: <c>m:ss</c>, or <c>&lt; 1sec</c>.</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? "< 1sec"
            : $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";

    /// <summary>Renders the summary table for the planned targets.</summary>
    public static string Table(IReadOnlyList<ExecutableTarget> plan)
    {
        var nameWidth = Math.Max(20, plan.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 4);
        const int statusWidth = 12;
        const int durationWidth = 10;
        var width = nameWidth + statusWidth + durationWidth;
        var sb = new StringBuilder();
        sb.AppendLine(new string('═', width));
        sb.AppendLine($"{"Target".PadRight(nameWidth)}{"Status".PadRight(statusWidth)}{"Duration".PadLeft(durationWidth)}");
        sb.AppendLine(new string('─', width));
        foreach (var target in plan)
        {
            var duration = target.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted
                ? FormatDuration(target.Duration) : "";
            var line = $"{target.Name.PadRight(nameWidth)}{target.Status.ToString().PadRight(statusWidth)}{duration.PadLeft(durationWidth)}";
            var notes = Notes(target);
            sb.AppendLine(notes.Length == 0 ? line : $"{line}   // {notes}");
        }
        sb.AppendLine(new string('─', width));
        var total = plan.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
        sb.AppendLine($"{"Total".PadRight(nameWidth)}{"".PadRight(statusWidth)}{FormatDuration(total).PadLeft(durationWidth)}");
        sb.AppendLine(new string('═', width));
        return sb.ToString();
    }

    /// <summary>The outcome line, e.g. <c>Build succeeded on 2026-11-23 10:00:00.</c></summary>
    public static string Outcome(int exitCode, DateTimeOffset finished)
    {
        var when = finished.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return exitCode switch
        {
            BuildResult.Success => $"Build succeeded on {when}.",
            BuildResult.Aborted => $"Build aborted on {when}.",
            _ => $"Build failed on {when} (exit code {exitCode}).",
        };
    }

    private static string Notes(ExecutableTarget target)
    {
        var parts = new List<string>();
        if (target.Status is TargetStatus.Skipped or TargetStatus.Failed or TargetStatus.Aborted && target.Reason is not null)
            parts.Add(target.Reason);
        parts.AddRange(target.SummaryNotes.Select(kv => $"{kv.Key}: {kv.Value}"));
        return string.Join(", ", parts);
    }
}
