using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Pipeline.BaseImages.Tests.Support;

/// <summary>A real Serilog logger whose events are kept (and echoed to the console) so tests can read them.</summary>
public sealed class CollectingLogger : ILogEventSink
{
    private readonly List<string> _lines = [];
    private readonly Action<string>? _onLine;

    public CollectingLogger(Action<string>? onLine = null)
    {
        _onLine = onLine;
        Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();
    }

    public ILogger Logger { get; }

    public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }

    public void Emit(LogEvent logEvent)
    {
        var line = $"[{logEvent.Level}] {logEvent.RenderMessage()}";
        lock (_lines) _lines.Add(line);
        if (logEvent.Level >= LogEventLevel.Information) Console.WriteLine(line);
        _onLine?.Invoke(line);
    }
}
