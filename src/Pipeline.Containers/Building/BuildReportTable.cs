using System.Globalization;
using System.Text;
using Pipeline.IO;

namespace Pipeline.Containers.Building;

/// <summary>Formats the final per-image table as plain text for the log (pure).</summary>
internal static class BuildReportTable
{
    /// <summary>One line per image: service, result, time, size, cached steps, attempts, error.</summary>
    public static string Format(IReadOnlyList<ImageBuildRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"service",-24} {"result",-10} {"time",8} {"size",10} {"cached",7} {"tries",5}  error");
        foreach (var row in rows)
        {
            var size = row.SizeBytes is { } bytes ? ByteSize.Format(bytes) : "-"; // decimal units, as Verify reports sizes
            var cached = row.Steps > 0 ? $"{row.CachedSteps}/{row.Steps}" : "-";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{row.Service,-24} {Result(row.Outcome),-10} {row.Duration.TotalSeconds,7:0.0}s {size,10} {cached,7} {row.Attempts,5}  {row.Error}");
        }
        return text.ToString().TrimEnd();
    }

    private static string Result(ImageBuildOutcome outcome) => outcome switch
    {
        ImageBuildOutcome.UpToDate => "up to date",
        ImageBuildOutcome.Pulled => "pulled (registry cache)",
        _ => outcome.ToString(),
    };
}
