using System.Globalization;
using System.Text;
using Pipeline.IO;

namespace Pipeline.Benchmarks;

/// <summary>summary.md: the setup in one paragraph and one table row per scenario and phase. Pure.</summary>
public static class SummaryRenderer
{
    /// <summary>The Markdown text for <paramref name="document"/>.</summary>
    public static string Render(ResultsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var s = document.Setup;
        var text = new StringBuilder();
        text.AppendLine("# Benchmark: image builds before and after");
        text.AppendLine();
        text.AppendLine(Invariant($"Stack `{s.ComposeFile}`{(s.Stack == BenchmarkStack.ComposeName ? "" : $" (--benchmark-stack {s.Stack})")}{(s.Services.Count == 0 ? "" : $", services {string.Join(", ", s.Services)}")}; upstream: the stand-in index, wheels at {s.WheelScale:0.###} of the real sizes, ")
                        + Invariant($"{s.Throttle} per connection, faults: {s.Faults}; ")
                        + Invariant($"{s.Repeat} repetition(s), {s.Cores} cores{(s.Engine is null ? "" : $", {s.Engine}")}. ")
                        + Invariant($"Floor = distinct bytes ÷ ({s.FloorConnections} connections × {s.Throttle}/s)."));
        text.AppendLine();
        var many = document.Summary.Any(r => r.Runs > 1);
        text.AppendLine("| scenario | phase | wall time | over the link | distinct needed | floor | images ok / failed | retries / resumes | CUDA bytes |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in document.Summary)
        {
            text.AppendLine(
                $"| {r.Scenario} | {r.Phase} | {Seconds(r.WallSeconds, many)} | {Bytes(r.UpstreamBytes, many)} | {Bytes(r.NeededBytes, false)} | " +
                $"{FormatSeconds(r.FloorSeconds.Median)} | {r.ImagesOk} / {r.ImagesFailed} | {r.Retries} / {r.Resumes} | {Bytes(r.CudaBytes, false)} |");
        }
        if (many) text.AppendLine().AppendLine("Times and bytes are medians, with min–max in brackets; image and retry counts are sums over the runs.");
        foreach (var (scenario, reason) in s.Skipped) text.AppendLine().AppendLine($"Not run: {scenario}: {reason}.");
        var failed = document.Runs.Where(r => r.Error is not null).ToList();
        if (failed.Count > 0)
        {
            text.AppendLine().AppendLine("Failures:").AppendLine();
            foreach (var r in failed) text.AppendLine(Invariant($"- {r.Scenario} {r.Phase} #{r.Repeat}: {r.Error}"));
        }
        return text.ToString();
    }

    private static string Seconds(Spread s, bool range) =>
        range ? $"{FormatSeconds(s.Median)} ({FormatSeconds(s.Min)}–{FormatSeconds(s.Max)})" : FormatSeconds(s.Median);

    private static string Bytes(Spread s, bool range) =>
        range ? $"{ByteSize.Format((long)s.Median)} ({ByteSize.Format((long)s.Min)}–{ByteSize.Format((long)s.Max)})" : ByteSize.Format((long)s.Median);

    /// <summary><c>9.4 s</c> under a minute, <c>2:05</c> above.</summary>
    public static string FormatSeconds(double seconds) => seconds < 60
        ? seconds.ToString(seconds < 10 ? "0.0 s" : "0 s", CultureInfo.InvariantCulture)
        : $"{(int)(seconds / 60)}:{(int)Math.Round(seconds % 60, MidpointRounding.ToZero):00}";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
