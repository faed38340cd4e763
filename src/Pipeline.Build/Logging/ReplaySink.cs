using Serilog.Core;
using Serilog.Events;

namespace Pipeline.Build;

/// <summary>Keeps warnings and errors so they can be repeated just before the summary, as NUKE does.</summary>
internal sealed class ReplaySink : ILogEventSink
{
    private readonly List<LogEvent> _events = [];

    public IReadOnlyList<LogEvent> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Warning) return;
        lock (_events) _events.Add(logEvent);
    }
}
