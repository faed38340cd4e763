namespace Pipeline.Verify.Checks;

/// <summary>How one check ended for one image.</summary>
public enum CheckStatus
{
    /// <summary>The image meets the check.</summary>
    Passed,

    /// <summary>Reported but does not fail verification ("report only" checks).</summary>
    Warning,

    /// <summary>Nothing to check here (e.g. torch is not installed).</summary>
    Skipped,

    /// <summary>The image does not meet the check; verification fails.</summary>
    Failed,
}
