using Pipeline.IO;

namespace Pipeline.Benchmarks;

/// <summary>Writes results.json, summary.md and chart.png for a <see cref="ResultsDocument"/>.</summary>
public static class BenchmarkReports
{
    /// <summary>File names inside the output directory.</summary>
    public const string ResultsFile = "results.json", SummaryFile = "summary.md", ChartFile = "chart.png";

    /// <summary>Writes the three files into <paramref name="directory"/> (each whole or not at all) and returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ResultsDocument document, string directory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        Directory.CreateDirectory(directory);
        var results = Path.Combine(directory, ResultsFile);
        var summary = Path.Combine(directory, SummaryFile);
        var chart = Path.Combine(directory, ChartFile);
        await AtomicFile.WriteAllTextAsync(results, document.ToJson() + "\n", ct);
        await AtomicFile.WriteAllTextAsync(summary, SummaryRenderer.Render(document), ct);
        ChartRenderer.Write(document.Summary, chart);
        return [results, summary, chart];
    }
}
