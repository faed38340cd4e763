using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Reporting;

/// <summary>One row of the verification: one check on one image.</summary>
/// <param name="Service">The compose service.</param>
/// <param name="Image">The image reference.</param>
/// <param name="Check">The check name.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Reason">One line explaining the status.</param>
/// <param name="Stdout">The check command's standard output, if any.</param>
/// <param name="Stderr">The check command's standard error, if any.</param>
/// <param name="Duration">How long the check took.</param>
public sealed record CheckResult(
    string Service, string Image, string Check, CheckStatus Status, string Reason, string? Stdout, string? Stderr, TimeSpan Duration)
{
    /// <summary>
    /// True when the check could not run at all (it threw: a user check's bug, an image without a shell, an engine
    /// error) rather than ran and found a problem. Such a row is <see cref="CheckStatus.Failed"/> too; JUnit reports it
    /// as an <c>error</c>, not a <c>failure</c>, so CI tells a broken check from a broken image.
    /// </summary>
    public bool CouldNotRun { get; init; }

    /// <summary>
    /// True when this row was not run now but reused from an earlier verification of the same image ID with the same
    /// checks (<see cref="Reuse.VerificationKey"/>).
    /// </summary>
    public bool Reused { get; init; }

    /// <summary>Name of the pseudo-check reported when an image does not exist.</summary>
    public const string ImagePresentCheck = "image-present";
}
