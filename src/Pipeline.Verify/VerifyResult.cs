using Pipeline.Verify.Checks;
using Pipeline.Verify.Reporting;

namespace Pipeline.Verify;

/// <summary>What a verification found.</summary>
/// <param name="Results">One row per image × check, in target and check order.</param>
/// <param name="JUnitPath">Absolute path of the JUnit report written.</param>
/// <param name="SummaryPath">Absolute path of the Markdown summary written.</param>
/// <param name="RunId">The run's probe-container label value.</param>
public sealed record VerifyResult(IReadOnlyList<CheckResult> Results, string JUnitPath, string SummaryPath, string RunId)
{
    /// <summary>True when no check failed (warnings and skips do not fail).</summary>
    public bool Success => Results.All(r => r.Status != CheckStatus.Failed);

    /// <summary>The failed rows.</summary>
    public IReadOnlyList<CheckResult> Failures => Results.Where(r => r.Status == CheckStatus.Failed).ToList();

    /// <summary>Key/value notes for the build summary: counts per status and the report paths.</summary>
    public IReadOnlyDictionary<string, string> Notes => new Dictionary<string, string>
    {
        ["images"] = Results.Select(r => r.Service).Distinct(StringComparer.Ordinal).Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["passed"] = Count(CheckStatus.Passed),
        ["failed"] = Count(CheckStatus.Failed),
        ["warnings"] = Count(CheckStatus.Warning),
        ["skipped"] = Count(CheckStatus.Skipped),
        ["reused"] = Results.Count(r => r.Reused).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["junit"] = JUnitPath,
    };

    private string Count(CheckStatus status) =>
        Results.Count(r => r.Status == status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
