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

        // Mask property values and the template text, keeping the template so sinks format as usual.
        var template = logEvent.MessageTemplate;
        var maskedTemplateText = MaskText(template.Text, values);
        if (!ReferenceEquals(maskedTemplateText, template.Text))
            template = new MessageTemplateParser().Parse(maskedTemplateText);
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, MaskValue(p.Value, values))).ToList();
        var exception = logEvent.Exception;
        if (exception is not null && values.Any(v => exception.ToString().Contains(v, StringComparison.Ordinal)))
            exception = new MaskedException(MaskText(exception.ToString(), values));
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties));
    }

    private static LogEventPropertyValue MaskValue(LogEventPropertyValue value, IReadOnlyList<string> secrets) => value switch
    {
        ScalarValue { Value: string s } => new ScalarValue(MaskText(s, secrets)),
        ScalarValue { Value: { } o } when o.ToString() is { } text && !ReferenceEquals(MaskText(text, secrets), text) => new ScalarValue(MaskText(text, secrets)),
        SequenceValue seq => new SequenceValue(seq.Elements.Select(e => MaskValue(e, secrets))),
        StructureValue st => new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, MaskValue(p.Value, secrets))), st.TypeTag),
        DictionaryValue d => new DictionaryValue(d.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, MaskValue(kv.Value, secrets)))),
        _ => value,
    };

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
