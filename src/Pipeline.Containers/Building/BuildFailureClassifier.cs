namespace Pipeline.Containers.Building;

/// <summary>Decides whether a failed build is worth retrying (a network/engine hiccup) or a real error.</summary>
public sealed class BuildFailureClassifier(IReadOnlyList<string> transientPatterns)
{
    /// <summary>True when <paramref name="text"/> contains one of the transient patterns (case-insensitive).</summary>
    public bool IsTransientText(string? text) =>
        !string.IsNullOrEmpty(text) && transientPatterns.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first transient pattern found in <paramref name="text"/>, for the retry log.</summary>
    public string? FindPattern(string? text) =>
        string.IsNullOrEmpty(text) ? null : transientPatterns.FirstOrDefault(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
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
