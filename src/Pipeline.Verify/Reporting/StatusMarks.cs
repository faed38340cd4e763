using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Reporting;

/// <summary>The symbols and words used for statuses on the console and in Markdown.</summary>
internal static class StatusMarks
{
    /// <summary>✓ passed, ! warning, – skipped, ✗ failed.</summary>
    public static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✓",
        CheckStatus.Warning => "!",
        CheckStatus.Skipped => "–",
        _ => "✗",
    };

    /// <summary>Lower-case status word for tables.</summary>
    public static string Word(CheckStatus status) => status.ToString().ToLowerInvariant();
}
