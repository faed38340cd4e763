namespace Pipeline.Build;

/// <summary>
/// Thrown by a target to fail with a clear one-line reason (no stack trace on the console) and, optionally,
/// a specific process exit code.
/// </summary>
public sealed class BuildFailedException(string message, int exitCode = BuildResult.TargetFailed, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The exit code the build ends with when this is its first failure.</summary>
    public int ExitCode { get; } = exitCode;
}
