using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Pipeline.Verify.Checks;

namespace Pipeline.Verify.Reporting;

/// <summary>
/// Builds the JUnit XML report (the common Ant/Jenkins shape): <c>testsuites</c> → one <c>testsuite</c>
/// per image → one <c>testcase</c> per check, with <c>failure</c> / <c>error</c> (the check could not run) /
/// <c>skipped</c>, <c>system-out</c> and <c>system-err</c>. Warnings are passing testcases whose system-out starts
/// with "WARNING:".
/// </summary>
internal static class JUnitReport
{
    /// <summary>The report for <paramref name="results"/> as an XML document.</summary>
    public static XDocument Build(IReadOnlyList<CheckResult> results, DateTimeOffset timestamp)
    {
        var suites = results
            .GroupBy(r => r.Service, StringComparer.Ordinal)
            .Select(group => Suite(group.Key, group.ToList(), timestamp))
            .ToList();
        var root = new XElement("testsuites",
            new XAttribute("name", "pipeline-verify"),
            Counts(results),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>Serialises the document as indented UTF-8 text.</summary>
    public static string ToXml(XDocument document)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), new XmlWriterSettings { Indent = true, Async = false }))
            document.Save(writer);
        return builder.ToString();
    }

    private static XElement Suite(string service, IReadOnlyList<CheckResult> results, DateTimeOffset timestamp) =>
        new("testsuite",
            new XAttribute("name", service),
            Counts(results),
            new XAttribute("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "image"), new XAttribute("value", results[0].Image))),
            results.Select(TestCase));

    private static object[] Counts(IReadOnlyCollection<CheckResult> results) =>
    [
        new XAttribute("tests", results.Count),
        new XAttribute("failures", results.Count(r => r.Status == CheckStatus.Failed && !r.CouldNotRun)),
        new XAttribute("errors", results.Count(r => r.Status == CheckStatus.Failed && r.CouldNotRun)),
        new XAttribute("skipped", results.Count(r => r.Status == CheckStatus.Skipped)),
        new XAttribute("time", Seconds(results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration))),
    ];

    private static XElement TestCase(CheckResult result)
    {
        var element = new XElement("testcase",
            new XAttribute("name", result.Check),
            new XAttribute("classname", $"verify.{result.Service}"),
            new XAttribute("time", Seconds(result.Duration)));
        switch (result.Status)
        {
            case CheckStatus.Failed:
                element.Add(new XElement(result.CouldNotRun ? "error" : "failure",
                    new XAttribute("message", XmlSafe(result.Reason)),
                    new XAttribute("type", result.CouldNotRun ? "CheckError" : "CheckFailed"),
                    XmlSafe(result.Reason)));
                break;
            case CheckStatus.Skipped:
                element.Add(new XElement("skipped", new XAttribute("message", XmlSafe(result.Reason))));
                break;
        }
        var prefix = result.Status == CheckStatus.Warning ? "WARNING: " : "";
        element.Add(new XElement("system-out", XmlSafe($"{prefix}{result.Reason}\n{result.Stdout}".TrimEnd())));
        if (!string.IsNullOrEmpty(result.Stderr))
            element.Add(new XElement("system-err", XmlSafe(result.Stderr)));
        return element;
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML 1.0 cannot carry (e.g. ANSI escapes in command output) so the report stays valid.</summary>
    private static string XmlSafe(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
