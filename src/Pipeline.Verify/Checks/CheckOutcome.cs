namespace Pipeline.Verify.Checks;

/// <summary>What a check returns: its status, a one-line reason, and the probe command's output when there was one.</summary>
/// <param name="Status">How the check ended.</param>
/// <param name="Reason">One line for the console and the reports, e.g. "CUDA packages installed: nvidia-cublas-cu12 12.4.5.8".</param>
/// <param name="Stdout">Standard output of the command the check ran, if any.</param>
/// <param name="Stderr">Standard error of the command the check ran, if any.</param>
public sealed record CheckOutcome(CheckStatus Status, string Reason, string? Stdout = null, string? Stderr = null)
{
    /// <summary>A passed outcome.</summary>
    public static CheckOutcome Pass(string reason) => new(CheckStatus.Passed, reason);

    /// <summary>A failed outcome, optionally carrying the command's output.</summary>
    public static CheckOutcome Fail(string reason, CommandOutput? output = null) =>
        new(CheckStatus.Failed, reason, output?.Stdout, output?.Stderr);

    /// <summary>A report-only finding that does not fail verification.</summary>
    public static CheckOutcome Warn(string reason) => new(CheckStatus.Warning, reason);

    /// <summary>Nothing to check for this image.</summary>
    public static CheckOutcome Skip(string reason) => new(CheckStatus.Skipped, reason);
}
