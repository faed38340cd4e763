using System.Xml.Linq;

namespace Pipeline.Stack.Tests.EndToEnd;

/// <summary>Verify's junit.xml read back: one testcase per image × check.</summary>
public sealed record JUnitCase(string Suite, string Name, string? Failure);

public static class JUnitReport
{
    public static IReadOnlyList<JUnitCase> Read(string path) =>
        XDocument.Load(path).Descendants("testcase")
            .Select(c => new JUnitCase(
                (string?)c.Attribute("classname") ?? (string?)c.Parent?.Attribute("name") ?? "",
                (string?)c.Attribute("name") ?? "",
                c.Element("failure") is { } f ? ((string?)f.Attribute("message") ?? "") + "\n" + f.Value : null))
            .ToList();
}
