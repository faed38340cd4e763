using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;
using Spectre.Console;

namespace Pipeline.Build;

/// <summary>
/// Serilog for one build: a readable console at the chosen verbosity, the full log in
/// <c>.nuke/temp/build.log</c> (the five runs before it kept too; none for <c>--help</c>/<c>--plan</c>),
/// secrets masked everywhere, warnings kept for replay.
/// </summary>
internal sealed class BuildLogging : IDisposable
{
    private const string ConsoleTemplate = "{Message:lj}{NewLine}";
    private const string VerboseConsoleTemplate = "{Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Target,-16} {Message:lj}{NewLine}{Exception}";

    public BuildLogging(Verbosity verbosity, TextWriter? output, string? logFile, Func<IReadOnlyList<string>> secrets)
    {
        Replay = new ReplaySink();
        var consoleLevel = new LoggingLevelSwitch(verbosity.ToLevel());
        var consoleTemplate = verbosity == Verbosity.Verbose ? VerboseConsoleTemplate : ConsoleTemplate;

        var console = new LoggerConfiguration().MinimumLevel.ControlledBy(consoleLevel);
        var consoleLogger = output is null
            ? console.WriteTo.Console(outputTemplate: consoleTemplate, theme: AnsiConsoleTheme.Code, applyThemeToRedirectedOutput: false, formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger()
            : console.WriteTo.Sink(new TextWriterSink(output, consoleTemplate)).CreateLogger();
        _disposables.Add(consoleLogger);

        ILogEventSink consoleSink = new LoggerSink(consoleLogger);
        if (output is null && verbosity == Verbosity.Normal && LiveProgressSink.IsWanted(AnsiConsole.Console))
        {
            var live = new LiveProgressSink(consoleSink, AnsiConsole.Console);
            _disposables.Add(live);
            consoleSink = live;
        }

        var configuration = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .WriteTo.Sink(new SecretMaskingSink(consoleSink, secrets))
            .WriteTo.Sink(new SecretMaskingSink(Replay, secrets)); // the replay is printed again at the end

        if (logFile is not null)
        {
            LogFileRotation.Rotate(logFile);
            var fileLogger = new LoggerConfiguration().MinimumLevel.Verbose()
                .WriteTo.File(logFile, outputTemplate: FileTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
                .CreateLogger();
            _disposables.Add(fileLogger);
            configuration = configuration.WriteTo.Sink(new SecretMaskingSink(new LoggerSink(fileLogger), secrets));
            LogFile = logFile;
        }

        Logger = configuration.CreateLogger();
        Output = output ?? Console.Out;
        _secrets = secrets;
    }

    private readonly Func<IReadOnlyList<string>> _secrets;

    /// <summary>
    /// <paramref name="text"/> with <c>[Secret]</c> values replaced by <c>****</c>, for what is written to
    /// <see cref="Output"/> directly (the summary table) rather than through <see cref="Logger"/>.
    /// </summary>
    public string Mask(string text) => SecretMaskingSink.MaskText(text, _secrets());

    private readonly List<IDisposable> _disposables = [];

    /// <summary>The logger targets write to.</summary>
    public Logger Logger { get; }

    /// <summary>Warnings and errors seen so far.</summary>
    public ReplaySink Replay { get; }

    /// <summary>Raw console output, for CI markers that must not be decorated.</summary>
    public TextWriter Output { get; }

    /// <summary>The file log, when there is one.</summary>
    public string? LogFile { get; }

    public void Dispose()
    {
        Logger.Dispose();
        // In reverse order of creation: the live view ends before the console logger it hands lines to.
        foreach (var d in Enumerable.Reverse(_disposables)) d.Dispose();
    }

    /// <summary>Forwards events to another logger (so each destination keeps its own level and template).</summary>
    private sealed class LoggerSink(ILogger target) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => target.Write(logEvent);
    }
}
