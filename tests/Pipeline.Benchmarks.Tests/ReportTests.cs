using System.Text.Json;
using Pipeline.Benchmarks;
using Pipeline.Testing;

namespace Pipeline.Benchmarks.Tests;

public class ReportTests
{
    private static RunMeasurement Run(string scenario, string phase, double wall, long bytes, int repeat = 1, string? error = null) => new()
    {
        Scenario = scenario,
        Phase = phase,
        Repeat = repeat,
        WallSeconds = wall,
        UpstreamBytes = bytes,
        NeededBytes = bytes / 2,
        FloorSeconds = bytes / 2 / 4_800_000.0,
        ImagesOk = error is null ? 5 : 3,
        ImagesFailed = error is null ? 0 : 2,
        CudaBytes = scenario == "as-is" ? bytes / 3 : 0,
        Error = error,
    };

    private static ResultsDocument Document(params RunMeasurement[] runs) => new()
    {
        Setup = new BenchmarkSetup
        {
            ComposeFile = "examples/ai-stack/docker-compose.yml",
            WheelScale = 0.1,
            Throttle = "600KB",
            ThrottleBytesPerSecond = 600_000,
            FloorConnections = 8,
            Repeat = runs.Max(r => r.Repeat),
            Skipped = new Dictionary<string, string> { ["by-hand"] = "no hand-fixed variant" },
        },
        Runs = runs,
    };

    [Fact]
    public void Results_json_has_the_runs_with_the_agreed_keys_and_a_summary_per_scenario_and_phase()
    {
        var document = Document(Run("as-is", "cold", 100, 9_000_000), Run("as-is", "warm", 2, 0), Run("pipeline", "cold", 40, 3_000_000));

        using var json = JsonDocument.Parse(document.ToJson());

        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(3, runs.GetArrayLength());
        var first = runs[0];
        foreach (var key in new[] { "scenario", "phase", "wall_s", "upstream_bytes", "needed_bytes", "images_ok", "images_failed", "cuda_bytes", "floor_s", "retries", "resumes" })
            Assert.True(first.TryGetProperty(key, out _), key);
        Assert.Equal("as-is", first.GetProperty("scenario").GetString());
        Assert.Equal(100, first.GetProperty("wall_s").GetDouble());
        Assert.Equal(9_000_000, first.GetProperty("upstream_bytes").GetInt64());
        Assert.Equal(3_000_000, first.GetProperty("cuda_bytes").GetInt64());
        Assert.False(first.TryGetProperty("error", out _)); // nulls are left out
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(["as-is cold", "as-is warm", "pipeline cold"],
            summary.EnumerateArray().Select(s => $"{s.GetProperty("scenario").GetString()} {s.GetProperty("phase").GetString()}"));
        Assert.Equal(600_000, json.RootElement.GetProperty("setup").GetProperty("throttle_bytes_per_second").GetInt64());
    }

    [Fact]
    public void Summary_takes_the_median_and_range_over_repetitions()
    {
        var document = Document(
            Run("pipeline", "cold", 30, 1_000, repeat: 1), Run("pipeline", "cold", 50, 3_000, repeat: 2), Run("pipeline", "cold", 40, 2_000, repeat: 3));

        var row = Assert.Single(document.Summary);

        Assert.Equal(3, row.Runs);
        Assert.Equal(40, row.WallSeconds.Median);
        Assert.Equal(30, row.WallSeconds.Min);
        Assert.Equal(50, row.WallSeconds.Max);
        Assert.Equal(2_000, row.UpstreamBytes.Median);
        Assert.Equal(15, row.ImagesOk);
    }

    [Fact]
    public void Summary_md_has_a_row_per_scenario_and_phase_cold_first_and_lists_skips_and_failures()
    {
        var document = Document(
            Run("pipeline", "warm", 5, 2_000),
            Run("as-is", "cold", 125, 90_000_000, error: "failed: aidb (STEP 3/5: RUN pip install)"),
            Run("pipeline", "cold", 40, 30_000_000));

        var text = SummaryRenderer.Render(document);
        var rows = text.Split('\n').Where(l => l.StartsWith("| as-is", StringComparison.Ordinal) || l.StartsWith("| pipeline", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, rows.Count);
        Assert.StartsWith("| as-is | cold | 2:05 |", rows[0]);
        Assert.StartsWith("| pipeline | cold | 40 s |", rows[1]);
        Assert.StartsWith("| pipeline | warm | 5.0 s |", rows[2]);
        Assert.Contains("| 3 / 2 |", rows[0]);
        Assert.Contains("Not run: by-hand: no hand-fixed variant.", text);
        Assert.Contains("- as-is cold #1: failed: aidb (STEP 3/5: RUN pip install)", text);
        Assert.Contains("600KB per connection", text);
    }

    [Fact]
    public void Summary_md_shows_ranges_only_when_a_scenario_ran_more_than_once()
    {
        var once = SummaryRenderer.Render(Document(Run("as-is", "cold", 10, 1_000)));
        var twice = SummaryRenderer.Render(Document(Run("as-is", "cold", 10, 1_000), Run("as-is", "cold", 20, 1_000, repeat: 2)));

        Assert.DoesNotContain("min–max", once);
        Assert.Contains("15 s (10 s–20 s)", twice);
        Assert.Contains("min–max", twice);
    }

    [Fact]
    public async Task Reports_write_results_summary_and_a_png_chart()
    {
        using var dir = new TempDirectory("bench-reports");
        var document = Document(Run("as-is", "cold", 100, 9_000_000), Run("as-is", "warm", 2, 0),
            Run("pipeline", "cold", 40, 3_000_000), Run("pipeline", "warm", 5, 10_000));

        var files = await BenchmarkReports.WriteAsync(document, dir.Path, CancellationToken.None);

        Assert.Equal([dir.Combine("results.json"), dir.Combine("summary.md"), dir.Combine("chart.png")], files);
        using (JsonDocument.Parse(File.ReadAllText(files[0]))) { }
        Assert.Contains("| pipeline | warm |", File.ReadAllText(files[1]));
        var png = File.ReadAllBytes(files[2]);
        Assert.True(png.Length > 5_000, $"chart is {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
    }
}
