namespace Pipeline.Verify.Engine;

/// <summary>How probe containers are made; taken from <see cref="VerifyOptions"/>.</summary>
/// <param name="RunId">Labels every container of one verification run (for the leftover sweep).</param>
/// <param name="Shell">The shell that runs check commands, e.g. <c>/bin/sh -c</c>.</param>
/// <param name="NofileLimit">RLIMIT_NOFILE (soft = hard) set on probe containers.</param>
/// <param name="NprocLimit">RLIMIT_NPROC (soft = hard) set on probe containers.</param>
/// <param name="MaxOutputChars">Captured output per stream is cut after this many characters.</param>
/// <param name="RemoveTimeout">How long removing a probe container may take.</param>
internal sealed record ProbeSettings(
    string RunId, IReadOnlyList<string> Shell, long NofileLimit, long NprocLimit, int MaxOutputChars, TimeSpan RemoveTimeout)
{
    /// <summary>Label present on every probe container.</summary>
    public const string ProbeLabel = "io.pipeline.verify";

    /// <summary>Label carrying the run ID.</summary>
    public const string RunLabel = "io.pipeline.verify.run";

    /// <summary>Label carrying the compose service name.</summary>
    public const string ServiceLabel = "io.pipeline.verify.service";
}
