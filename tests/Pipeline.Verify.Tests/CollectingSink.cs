using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Pipeline.Verify.Tests;

/// <summary>A real Serilog sink that keeps rendered lines, so tests can read what the console would show.</summary>
public sealed class CollectingSink : ILogEventSink
{
    private readonly List<(LogEventLevel Level, string Text)> _lines = [];

    public IReadOnlyList<(LogEventLevel Level, string Text)> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lines) _lines.Add((logEvent.Level, logEvent.RenderMessage()));
    }

    public static (ILogger Logger, CollectingSink Sink) Create()
    {
        var sink = new CollectingSink();
        return (new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger(), sink);
    }
}
