using System.Text.RegularExpressions;

namespace Pipeline.Containers.Building;

/// <summary>
/// Decides whether a failed build is worth retrying (a network/engine hiccup) or a real error. The decision looks at
/// the error without the failing command's text and at the last few lines of the step's output, not at everything the
/// step printed: a step that recovered from a timeout (pip's <c>WARNING: Retrying ... Read timed out</c>) and then
/// failed for a real reason must fail at once, not be built again.
/// </summary>
internal sealed partial class BuildFailureClassifier(IReadOnlyList<string> transientPatterns, int tailLines = 3)
{
    /// <summary>True when <paramref name="text"/> contains one of the transient patterns (case-insensitive).</summary>
    public bool IsTransientText(string? text) => FindPattern(text) is not null;

    /// <summary>The first transient pattern found in <paramref name="text"/>, for the retry log.</summary>
    public string? FindPattern(string? text) =>
        string.IsNullOrEmpty(text) ? null : transientPatterns.FirstOrDefault(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The transient pattern that explains a failed step, or null for a real error. Looks at <paramref name="error"/>
    /// with the quoted command removed (engines repeat the RUN line there, and an <c>echo</c> of a pattern is not a
    /// network failure) and at the last lines of <paramref name="stepOutput"/> that are not warnings or retry notices.
    /// </summary>
    public string? FindTransientCause(string error, string stepOutput)
    {
        var tail = stepOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !RetryNotice().IsMatch(line)).TakeLast(tailLines);
        return FindPattern(QuotedCommand().Replace(error, "$1")) ?? FindPattern(string.Join('\n', tail));
    }

    // podman: error building at STEP "RUN ...": ...   dockerd: The command '/bin/sh -c ...' returned a non-zero code
    [GeneratedRegex("""(STEP|command)\s+(?:"[^\n]*"|'[^\n]*')""", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedCommand();

    // A tool saying it recovered or will retry (pip: "WARNING: Retrying (Retry(total=4, ...)) after connection broken by ...").
    [GeneratedRegex(@"^(?:WARNING|WARN)\b|\bRetrying\b", RegexOptions.IgnoreCase)]
    private static partial Regex RetryNotice();
}

/// <summary>A build attempt that failed for a reason worth retrying.</summary>
public sealed class TransientBuildException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A real build error: not retried. Carries the failing step and its output.</summary>
public sealed class ImageBuildFailedException(string message, string? step, string output, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The step that failed.</summary>
    public string? Step { get; } = step;

    /// <summary>The tail of the step's output.</summary>
    public string Output { get; } = output;
}
