namespace Pipeline.Verify.Checks;

/// <summary>The result of one command run in a probe container.</summary>
/// <param name="ExitCode">The exit code; null when the command timed out (it is still running until the probe container is removed).</param>
/// <param name="Stdout">Captured standard output (truncated at the configured limit).</param>
/// <param name="Stderr">Captured standard error (truncated at the configured limit).</param>
/// <param name="TimedOut">True when the command was cut by the per-check timeout.</param>
/// <param name="Timeout">The timeout that applied.</param>
public sealed record CommandOutput(long? ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Timeout)
{
    /// <summary>True when the command finished in time with exit code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>"exit code 3" or "timed out after 5 s": how the command ended, for failure reasons.</summary>
    public string Describe() => TimedOut
        ? $"timed out after {Timeout.TotalSeconds:0.#} s"
        : $"exit code {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}";
}
