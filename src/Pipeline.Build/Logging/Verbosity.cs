using Serilog.Events;

namespace Pipeline.Build;

/// <summary>Console verbosity, as NUKE's <c>--verbosity</c>. The file log always records everything.</summary>
public enum Verbosity
{
    /// <summary>Errors only.</summary>
    Quiet,

    /// <summary>Warnings, errors and target headers.</summary>
    Minimal,

    /// <summary>Information (the default).</summary>
    Normal,

    /// <summary>Debug output and exception details.</summary>
    Verbose,
}

internal static class VerbosityExtensions
{
    public static LogEventLevel ToLevel(this Verbosity verbosity) => verbosity switch
    {
        Verbosity.Quiet => LogEventLevel.Error,
        Verbosity.Minimal => LogEventLevel.Warning,
        Verbosity.Normal => LogEventLevel.Information,
        _ => LogEventLevel.Debug,
    };
}
