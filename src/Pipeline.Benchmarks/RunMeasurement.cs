using System.Text.Json.Serialization;

namespace Pipeline.Benchmarks;

/// <summary>One measured build of one scenario and phase (a row of results.json's <c>runs</c>).</summary>
public sealed record RunMeasurement
{
    /// <summary><c>as-is</c>, <c>by-hand</c> or <c>pipeline</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary><c>cold</c> or <c>warm</c>.</summary>
    public required string Phase { get; init; }

    /// <summary>Repetition, 1-based.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Wall time of the scenario's builds (and, for pipeline, its other Rebuild steps), seconds.</summary>
    [JsonPropertyName("wall_s")]
    public double WallSeconds { get; init; }

    /// <summary>Bytes the upstream sent during the run (its own metering).</summary>
    public long UpstreamBytes { get; init; }

    /// <summary>Requests the upstream answered during the run.</summary>
    public int UpstreamRequests { get; init; }

    /// <summary>Sizes of the distinct wheels fetched.</summary>
    public long NeededBytes { get; init; }

    /// <summary>Needed bytes ÷ (floor connections × throttle), seconds.</summary>
    [JsonPropertyName("floor_s")]
    public double FloorSeconds { get; init; }

    /// <summary>Most wheel downloads in flight at once.</summary>
    public int PeakConnections { get; init; }

    /// <summary>Images built.</summary>
    public int ImagesOk { get; init; }

    /// <summary>Images that failed (or were not started after a failure).</summary>
    public int ImagesFailed { get; init; }

    /// <summary>Wheel downloads after a cut-off download of the same file.</summary>
    public int Retries { get; init; }

    /// <summary>Range requests answered 206.</summary>
    public int Resumes { get; init; }

    /// <summary>Wheel downloads cut off before the end.</summary>
    public int Truncated { get; init; }

    /// <summary>Whole downloads of a wheel already downloaded whole in the run.</summary>
    public int RepeatDownloads { get; init; }

    /// <summary>Image build attempts beyond the first.</summary>
    public int BuildRetries { get; init; }

    /// <summary>Bytes of CUDA wheels sent.</summary>
    public long CudaBytes { get; init; }

    /// <summary>Pipeline only: whether Verify passed; null for the other scenarios.</summary>
    public bool? VerifyOk { get; init; }

    /// <summary>Pipeline only: seconds per Rebuild step (ConfigurePip, LockCpu, BuildParallel, Verify), in order; empty for the others.</summary>
    [JsonPropertyName("steps_s")]
    public IReadOnlyDictionary<string, double> StepSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>Why the run failed, one line; null when every image was built.</summary>
    public string? Error { get; init; }
}
