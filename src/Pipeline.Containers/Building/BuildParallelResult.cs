namespace Pipeline.Containers.Building;

/// <summary>What happened to one image.</summary>
public enum ImageBuildOutcome
{
    /// <summary>Built (and tagged).</summary>
    Built,

    /// <summary>Not sent to the engine: the image was built from the same inputs (<see cref="ImageLabels.InputsLabel"/>).</summary>
    UpToDate,

    /// <summary>The build failed (a real error, or transient errors on every attempt).</summary>
    Failed,

    /// <summary>Not started: a base image it needs failed, or an earlier failure stopped the run.</summary>
    Skipped,

    /// <summary>Stopped by cancellation.</summary>
    Cancelled,

    /// <summary>Not built: the image pushed for the same inputs was pulled from the registry cache (<see cref="RegistryCacheOptions"/>).</summary>
    Pulled,
}

/// <summary>What the outcomes mean.</summary>
internal static class ImageBuildOutcomes
{
    /// <summary>Whether the image is there, as its inputs say, after the run: built, up to date or pulled.</summary>
    public static bool Succeeded(this ImageBuildOutcome outcome) =>
        outcome is ImageBuildOutcome.Built or ImageBuildOutcome.UpToDate or ImageBuildOutcome.Pulled;
}

/// <summary>One row of the final table.</summary>
/// <param name="Service">The compose service.</param>
/// <param name="Image">The image tag built.</param>
/// <param name="Outcome">Built, up to date, failed, skipped or cancelled.</param>
/// <param name="Duration">Wall time over all attempts.</param>
/// <param name="SizeBytes">The image size, when built.</param>
/// <param name="Steps">Steps the Dockerfile has (as the engine counts them), 0 if unknown.</param>
/// <param name="CachedSteps">Steps answered from the layer cache.</param>
/// <param name="Attempts">Attempts made (more than 1 after transient failures).</param>
/// <param name="FailedStep">The step that failed, e.g. <c>STEP 3/5: RUN pip install ...</c>.</param>
/// <param name="Error">One line saying why it failed or was skipped.</param>
/// <param name="Output">The tail of the failing step's output.</param>
public sealed record ImageBuildRow(
    string Service,
    string Image,
    ImageBuildOutcome Outcome,
    TimeSpan Duration,
    long? SizeBytes,
    int Steps,
    int CachedSteps,
    int Attempts,
    string? FailedStep = null,
    string? Error = null,
    string? Output = null);

/// <summary>A build starting or ending, in the order the builder saw them (for overlap and limit checks).</summary>
/// <param name="Sequence">Order of the event within the run.</param>
/// <param name="Service">The service.</param>
/// <param name="Started">True for a start, false for an end.</param>
/// <param name="At">When it happened.</param>
public sealed record BuildEvent(int Sequence, string Service, bool Started, DateTimeOffset At);

/// <summary>What BuildParallel did.</summary>
/// <param name="Rows">One row per image, in plan order.</param>
/// <param name="Events">Start/end events of builds.</param>
/// <param name="Parallelism">The limit used.</param>
/// <param name="Notes">Key facts for the build summary (engine, parallelism, counts).</param>
public sealed record BuildParallelResult(
    IReadOnlyList<ImageBuildRow> Rows,
    IReadOnlyList<BuildEvent> Events,
    int Parallelism,
    IReadOnlyDictionary<string, string> Notes)
{
    /// <summary>True when every selected image was built or up to date (derived from <see cref="Rows"/>, so the two cannot disagree).</summary>
    public bool Success => Rows.All(r => r.Outcome.Succeeded());
}
