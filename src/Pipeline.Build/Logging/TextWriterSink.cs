using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Pipeline.Build;

/// <summary>Writes formatted events to a <see cref="TextWriter"/> (used when a build's console is redirected, e.g. in tests).</summary>
internal sealed class TextWriterSink(TextWriter writer, string outputTemplate) : ILogEventSink
{
    private readonly MessageTemplateTextFormatter _formatter = new(outputTemplate, System.Globalization.CultureInfo.InvariantCulture);

    public void Emit(LogEvent logEvent)
    {
        lock (writer) _formatter.Format(logEvent, writer);
    }
}
