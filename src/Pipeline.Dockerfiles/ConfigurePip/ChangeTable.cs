using System.Globalization;
using System.Text;

namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>The ConfigurePip report as a plain-text table for the log: per file, what changed and why (pure).</summary>
public static class ChangeTable
{
    /// <summary>One line per change: file, stage, line, kind, change, reason; files in report order.</summary>
    public static string Format(IReadOnlyList<ChangeRow> rows, string? relativeTo = null)
    {
        string FileName(string f) => relativeTo is null ? f : Path.GetRelativePath(relativeTo, f);
        var fileWidth = Math.Max(4, rows.Select(r => FileName(r.File).Length).DefaultIfEmpty(0).Max());
        var stageWidth = Math.Max(5, rows.Select(r => r.Stage.Length).DefaultIfEmpty(0).Max());
        var changeWidth = Math.Min(60, Math.Max(6, rows.Select(r => r.Change.Length).DefaultIfEmpty(0).Max()));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"file".PadRight(fileWidth)}  {"stage".PadRight(stageWidth)} {"line",5}  {"kind",-8}  {"change".PadRight(changeWidth)}  why");
        foreach (var row in rows)
        {
            var change = row.Change.Length > changeWidth ? row.Change[..(changeWidth - 1)] + "…" : row.Change;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{FileName(row.File).PadRight(fileWidth)}  {row.Stage.PadRight(stageWidth)} {row.Line,5}  {row.Kind,-8}  {change.PadRight(changeWidth)}  {row.Reason}");
        }
        return text.ToString().TrimEnd();
    }
}
