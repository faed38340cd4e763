using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Throttling;

namespace Pipeline.Benchmarks;

/// <summary>
/// Everything the Benchmark target can be told. Defaults and valid ranges are declared here once;
/// <see cref="Problems"/> checks them before anything runs.
/// </summary>
public sealed record BenchmarkOptions
{
    /// <summary>The repository root (for <c>.nuke/temp</c>, the base image work directory and <c>artifacts/</c>).</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The stack to measure. Its files are never edited: every scenario runs on a copy of its directory.</summary>
    public required string ComposeFile { get; init; }

    /// <summary>
    /// The hand-fixed variant of the stack: a directory whose files are laid over a copy of the stack's directory
    /// (e.g. <c>examples/ai-stack-by-hand</c>). Null (or missing) skips the by-hand scenario. Default null.
    /// </summary>
    public string? ByHandDirectory { get; init; }

    /// <summary>Scenarios to run, in report order. Default: all three.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; init; } = ScenarioNames.All;

    /// <summary>Cold+warm pairs per scenario; the reports give the median and spread. Default 1, at least 1.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Stand-in wheel size relative to the real package. Default 0.1, above 0 and at most 1.</summary>
    public double WheelScale { get; init; } = 0.1;

    /// <summary>The upstream's per-connection bandwidth, e.g. <c>600KB</c> (see <see cref="ByteRate"/>). Default 600KB.</summary>
    public string Throttle { get; init; } = "600KB";

    /// <summary>Upstream faults beyond the throttle (downloads cut off, latency, stalls). Default none.</summary>
    public IndexFaults Faults { get; init; } = IndexFaults.None;

    /// <summary>Images the by-hand scenario builds at once (the hand fix's own setting). Default 4.</summary>
    public int ByHandParallelism { get; init; } = 4;

    /// <summary>Connections the physical floor assumes (distinct bytes ÷ (connections × rate)). Default 8.</summary>
    public int FloorConnections { get; init; } = 8;

    /// <summary>Pipeline scenario: connections Prefetch fetches the locked files over (Rebuild's <c>--fetch-connections</c>); 0 skips Prefetch. Default 8.</summary>
    public int FetchConnections { get; init; } = 8;

    /// <summary>The container engine; null starts a private podman service with its own storage and cache mounts (see <see cref="PrivatePodman"/>). Default null.</summary>
    public string? Engine { get; init; }

    /// <summary>The stack settings the pipeline scenario starts from (pip timeout, retries, base image map, ...).</summary>
    public Pipeline.Stack.StackSettings? StackDefaults { get; init; }

    /// <summary>The checks the pipeline scenario's Verify runs. Default: the built-in checks.</summary>
    public Pipeline.Verify.Checks.CheckSet Checks { get; init; } = Pipeline.Verify.Checks.CheckSet.BuiltIn();

    /// <summary>Where results.json, summary.md and chart.png go. Default <c>artifacts/benchmark</c> under the root.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Scratch space (copies, caches, wheelhouse, podman service). Default <c>.nuke/temp/benchmark</c> under the root.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The output directory, resolved.</summary>
    public string ResolvedOutputDirectory => OutputDirectory ?? Path.Combine(RootDirectory, "artifacts", "benchmark");

    /// <summary>The work directory, resolved.</summary>
    public string ResolvedWorkDirectory => WorkDirectory ?? Path.Combine(RootDirectory, ".nuke", "temp", "benchmark");

    /// <summary>The throttle in bytes per second (throws <see cref="ByteRateFormatException"/> when malformed).</summary>
    public long ThrottleBytesPerSecond => ByteRate.Parse(Throttle);

    /// <summary>Every problem, one line each, named by the command-line parameter; empty when the options are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Repeat < 1) problems.Add($"--repeat {Repeat}: expected 1 or more");
        if (WheelScale is not (> 0 and <= 1) || double.IsNaN(WheelScale)) problems.Add($"--wheel-scale {WheelScale}: expected a fraction above 0, at most 1");
        if (ByHandParallelism < 1) problems.Add($"--benchmark-by-hand-parallelism {ByHandParallelism}: expected 1 or more");
        if (FloorConnections < 1) problems.Add($"--floor-connections {FloorConnections}: expected 1 or more");
        if (FetchConnections < 0) problems.Add($"--fetch-connections {FetchConnections}: expected 0 (off) or more");
        if (Scenarios.Count == 0) problems.Add("--scenarios: expected at least one of as-is, by-hand, pipeline");
        try
        {
            if (ByteRate.Parse(Throttle) <= 0) problems.Add($"--throttle {Throttle}: expected a positive rate such as 600KB");
        }
        catch (ByteRateFormatException e)
        {
            problems.Add($"--throttle {Throttle}: {e.Message}");
        }
        problems.AddRange(Faults.Problems());
        if (!File.Exists(ComposeFile)) problems.Add($"--compose-file {ComposeFile}: no such file");
        return problems;
    }
}
