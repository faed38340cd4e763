namespace Pipeline.Stack;

/// <summary>What one stack target did: success, the one-line reason when it failed, and notes for the summary table.</summary>
public sealed record StepOutcome(bool Success, string? Failure, IReadOnlyDictionary<string, string> Notes)
{
    /// <summary>A successful step with notes.</summary>
    public static StepOutcome Ok(IReadOnlyDictionary<string, string> notes) => new(true, null, notes);

    /// <summary>A step that succeeded or failed with <paramref name="failure"/>.</summary>
    public static StepOutcome From(bool success, string failure, IReadOnlyDictionary<string, string> notes) =>
        new(success, success ? null : failure, notes);
}
