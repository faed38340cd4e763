namespace Pipeline.Build;

/// <summary>Outcome of one target, as shown in the summary table.</summary>
public enum TargetStatus
{
    /// <summary>Not run: not planned to run yet, or an earlier failure stopped the build.</summary>
    NotRun,

    /// <summary>Skipped by a condition or <c>--skip</c>.</summary>
    Skipped,

    /// <summary>All actions completed.</summary>
    Succeeded,

    /// <summary>An action threw.</summary>
    Failed,

    /// <summary>Cancelled (Ctrl+C) while running.</summary>
    Aborted,
}
