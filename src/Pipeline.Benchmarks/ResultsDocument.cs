using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Benchmarks;

/// <summary>Median and spread of one scenario and phase over its repetitions.</summary>
public sealed record ScenarioSummary
{
    /// <summary>The scenario name.</summary>
    public required string Scenario { get; init; }

    /// <summary>The phase name.</summary>
    public required string Phase { get; init; }

    /// <summary>Runs summarised.</summary>
    public int Runs { get; init; }

    /// <summary>Wall time, seconds.</summary>
    [JsonPropertyName("wall_s")]
    public required Spread WallSeconds { get; init; }

    /// <summary>Bytes over the upstream link.</summary>
    public required Spread UpstreamBytes { get; init; }

    /// <summary>Distinct bytes needed.</summary>
    public required Spread NeededBytes { get; init; }

    /// <summary>The physical floor, seconds.</summary>
    [JsonPropertyName("floor_s")]
    public required Spread FloorSeconds { get; init; }

    /// <summary>CUDA bytes.</summary>
    public required Spread CudaBytes { get; init; }

    /// <summary>Images built, summed over the runs.</summary>
    public int ImagesOk { get; init; }

    /// <summary>Images failed, summed over the runs.</summary>
    public int ImagesFailed { get; init; }

    /// <summary>Retries, summed over the runs.</summary>
    public int Retries { get; init; }

    /// <summary>Resumes, summed over the runs.</summary>
    public int Resumes { get; init; }

    /// <summary>Summaries per scenario and phase, in report order (scenario, then cold before warm).</summary>
    public static IReadOnlyList<ScenarioSummary> Of(IEnumerable<RunMeasurement> runs) =>
        runs.GroupBy(r => (r.Scenario, r.Phase))
            .OrderBy(g => ScenarioNames.TryParse(g.Key.Scenario) is { } s ? (int)s : int.MaxValue)
            .ThenBy(g => g.Key.Scenario, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Phase == "cold" ? 0 : 1)
            .Select(g => new ScenarioSummary
            {
                Scenario = g.Key.Scenario,
                Phase = g.Key.Phase,
                Runs = g.Count(),
                WallSeconds = Spread.Of(g.Select(r => r.WallSeconds))!,
                UpstreamBytes = Spread.Of(g.Select(r => (double)r.UpstreamBytes))!,
                NeededBytes = Spread.Of(g.Select(r => (double)r.NeededBytes))!,
                FloorSeconds = Spread.Of(g.Select(r => r.FloorSeconds))!,
                CudaBytes = Spread.Of(g.Select(r => (double)r.CudaBytes))!,
                ImagesOk = g.Sum(r => r.ImagesOk),
                ImagesFailed = g.Sum(r => r.ImagesFailed),
                Retries = g.Sum(r => r.Retries),
                Resumes = g.Sum(r => r.Resumes),
            })
            .ToList();
}

/// <summary>The link the scenarios ran against, recorded next to the figures.</summary>
public sealed record BenchmarkSetup
{
    /// <summary>The compose file measured.</summary>
    public required string ComposeFile { get; init; }

    /// <summary>The <c>--benchmark-stack</c> measured (<c>compose</c>: the compose file's; <c>seed</c>: the seed stack fixture).</summary>
    public string Stack { get; init; } = BenchmarkStack.ComposeName;

    /// <summary>The services built (empty: all with a build section).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The catalogue the upstream served.</summary>
    public string? Catalogue { get; init; }

    /// <summary>Stand-in wheel size relative to the real one.</summary>
    public double WheelScale { get; init; }

    /// <summary>Per-connection throttle as given (e.g. 600KB).</summary>
    public required string Throttle { get; init; }

    /// <summary>The throttle in bytes per second.</summary>
    public long ThrottleBytesPerSecond { get; init; }

    /// <summary>Fraction of wheel downloads cut off.</summary>
    public double Drop { get; init; }

    /// <summary>Delay before each response, milliseconds.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Every fault of the upstream, in words.</summary>
    public string Faults { get; init; } = "none";

    /// <summary>Connections the floor assumes.</summary>
    public int FloorConnections { get; init; }

    /// <summary>Repetitions.</summary>
    public int Repeat { get; init; }

    /// <summary>Scenarios left out, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Skipped { get; init; } = new Dictionary<string, string>();

    /// <summary>Engine name and version.</summary>
    public string? Engine { get; init; }

    /// <summary>Processor count of the machine.</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>When the benchmark started (UTC).</summary>
    public DateTimeOffset Started { get; init; }
}

/// <summary>results.json: <c>{"setup": …, "runs": […], "summary": […]}</c>.</summary>
public sealed record ResultsDocument
{
    /// <summary>The link and parameters.</summary>
    public required BenchmarkSetup Setup { get; init; }

    /// <summary>Every measured run, in the order they ran.</summary>
    public required IReadOnlyList<RunMeasurement> Runs { get; init; }

    /// <summary>Median and spread per scenario and phase.</summary>
    public IReadOnlyList<ScenarioSummary> Summary => ScenarioSummary.Of(Runs);

    /// <summary>snake_case names, indented, nulls left out.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
