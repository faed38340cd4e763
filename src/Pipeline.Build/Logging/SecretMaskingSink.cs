using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Pipeline.Build;

/// <summary>
/// Replaces the values of <c>[Secret]</c> parameters with <c>****</c> before an event reaches any sink,
/// so a secret never lands on the console or in <c>build.log</c>, whoever logged it.
/// </summary>
internal sealed class SecretMaskingSink(ILogEventSink inner, Func<IReadOnlyList<string>> secrets) : ILogEventSink
{
    private const string Mask = "****";

    public void Emit(LogEvent logEvent)
    {
        var values = secrets();
        if (values.Count == 0)
        {
            inner.Emit(logEvent);
            return;
        }

        var message = logEvent.RenderMessage();
        var masked = MaskText(message, values);
        var exception = logEvent.Exception;
        if (exception is not null && values.Any(v => exception.ToString().Contains(v, StringComparison.Ordinal)))
            exception = new MaskedException(MaskText(exception.ToString(), values));
        if (ReferenceEquals(masked, message) && ReferenceEquals(exception, logEvent.Exception))
        {
            inner.Emit(logEvent);
            return;
        }

        var properties = logEvent.Properties
            .Where(p => logEvent.MessageTemplate.Tokens.OfType<PropertyToken>().All(t => t.PropertyName != p.Key))
            .Select(p => new LogEventProperty(p.Key, p.Value));
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception,
            new MessageTemplate([new TextToken(masked)]), properties));
    }

    internal static string MaskText(string text, IReadOnlyList<string> values)
    {
        var result = text;
        foreach (var value in values.Where(v => v.Length > 0).OrderByDescending(v => v.Length))
            result = result.Replace(value, Mask, StringComparison.Ordinal);
        return result == text ? text : result;
    }

    /// <summary>Stands in for an exception whose text contained a secret.</summary>
    private sealed class MaskedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }
}
