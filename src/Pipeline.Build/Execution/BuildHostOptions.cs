namespace Pipeline.Build;

/// <summary>How <see cref="BuildHost"/> runs a build; the defaults are the real process's.</summary>
public sealed record BuildHostOptions
{
    /// <summary>Targets run when none are named on the command line.</summary>
    public IReadOnlyList<string> DefaultTargets { get; init; } = [];

    /// <summary>Console output; null writes to the real console (with colours on a terminal).</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Environment variables; null reads the process environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where the root search starts when <c>--root</c> is not given; null is the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Cancels the build (as Ctrl+C does).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Turn Ctrl+C and SIGTERM into cancellation (only for the real process).</summary>
    public bool HandleCancelKeyPress { get; init; }

    /// <summary>Also set Serilog's static <c>Log.Logger</c> so libraries log into the build (only for the real process).</summary>
    public bool SetGlobalLogger { get; init; }
}
