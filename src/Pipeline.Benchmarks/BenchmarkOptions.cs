using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Throttling;

namespace Pipeline.Benchmarks;

/// <summary>
/// Everything the Benchmark target can be told. Defaults and valid ranges are declared here once, on the properties;
/// <see cref="Problems"/> checks them before anything runs.
/// </summary>
public sealed record BenchmarkOptions : IValidatableObject
{
    /// <summary>The repository root (for <c>.nuke/temp</c>, the base image work directory and <c>artifacts/</c>).</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The stack to measure. Its files are never edited: every scenario runs on a copy of its directory.</summary>
    public required string ComposeFile { get; init; }

    /// <summary>
    /// Which stack to build: <c>compose</c> (null, the default: <see cref="ComposeFile"/>) or <c>seed</c> (the seed stack
    /// fixture, <c>../shared/fixtures/seed-stack</c>, materialised under the work directory, with its own catalogue;
    /// <see cref="ComposeFile"/> and <see cref="ByHandDirectory"/> are then not used).
    /// </summary>
    public string? Stack { get; init; }

    /// <summary>
    /// The hand-fixed variant of the stack: a directory whose files are laid over a copy of the stack's directory
    /// (e.g. <c>examples/ai-stack-by-hand</c>). Null (or missing) skips the by-hand scenario. Default null.
    /// </summary>
    public string? ByHandDirectory { get; init; }

    /// <summary>Scenarios to run, in report order. Default: all three.</summary>
    [Required, MinLength(1)]
    public IReadOnlyList<Scenario> Scenarios { get; init; } = ScenarioNames.All;

    /// <summary>Cold+warm pairs per scenario; the reports give the median and spread. Default 1, at least 1.</summary>
    [Range(1, 100)]
    public int Repeat { get; init; } = DefaultRepeat;

    /// <summary>The default <see cref="Repeat"/>.</summary>
    public const int DefaultRepeat = 1;

    /// <summary>Stand-in wheel size relative to the real package. Default 0.1, above 0 and at most 1.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double WheelScale { get; init; } = 0.1;

    /// <summary>The upstream's per-connection bandwidth, e.g. <c>600KB</c> (see <see cref="ByteRate"/>). Default 600KB.</summary>
    public string Throttle { get; init; } = "600KB";

    /// <summary>Upstream faults beyond the throttle (downloads cut off, latency, stalls). Default none.</summary>
    [ValidateMembers]
    public IndexFaults Faults { get; init; } = IndexFaults.None;

    /// <summary>Images the by-hand scenario builds at once (the hand fix's own setting). Default 4.</summary>
    [Range(1, 64)]
    public int ByHandParallelism { get; init; } = DefaultByHandParallelism;

    /// <summary>The default <see cref="ByHandParallelism"/>.</summary>
    public const int DefaultByHandParallelism = 4;

    /// <summary>Connections the physical floor assumes (distinct bytes ÷ (connections × rate)). Default 8.</summary>
    [Range(1, 1024)]
    public int FloorConnections { get; init; } = DefaultFloorConnections;

    /// <summary>The default <see cref="FloorConnections"/>.</summary>
    public const int DefaultFloorConnections = 8;

    /// <summary>Pipeline scenario: connections Prefetch fetches the locked files over (Rebuild's <c>--fetch-connections</c>); 0 skips Prefetch. Default 8.</summary>
    [Range(0, 64)]
    public int FetchConnections { get; init; } = 8;

    /// <summary>The container engine; null starts a private podman service with its own storage and cache mounts (see <see cref="PrivatePodman"/>). Default null.</summary>
    public string? Engine { get; init; }

    /// <summary>The stack settings every scenario starts from (base image map, index, environment).</summary>
    public Pipeline.Stack.StackSettings? StackDefaults { get; init; }

    /// <summary>The targets' options the pipeline scenario starts from (the build's parameters: pip timeout, retries, ...). Default: the options' defaults.</summary>
    public Pipeline.Stack.StackTargetOptions? TargetDefaults { get; init; }

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

    /// <summary>Every problem, one line each (the declared ranges, the throttle, the compose file); empty when the options are usable.</summary>
    public IReadOnlyList<string> Problems() => OptionsValidator.Problems(this);

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        string? throttle = null;
        try
        {
            if (ByteRate.Parse(Throttle) <= 0) throttle = "expected a positive rate such as 600KB";
        }
        catch (ByteRateFormatException e)
        {
            throttle = e.Message;
        }
        if (throttle is not null) yield return new ValidationResult($"'{Throttle}': {throttle}", [nameof(Throttle)]);
        if (BenchmarkStack.Problem(Stack, RootDirectory) is { } stack) yield return new ValidationResult(stack, [nameof(Stack)]);
        else if (!BenchmarkStack.IsSeed(Stack) && !File.Exists(ComposeFile)) yield return new ValidationResult($"'{ComposeFile}': no such file", [nameof(ComposeFile)]);
    }
}
