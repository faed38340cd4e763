using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Pipeline.Verify.Tests;

/// <summary>Validates a JUnit file against Schemas/junit.xsd (copied to the output) and returns it parsed.</summary>
public static class JUnitSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "Schemas", "junit.xsd"));
        set.Compile();
        return set;
    });

    public static XDocument ValidateAndLoad(string path)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(path, settings))
            while (reader.Read()) { }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return XDocument.Load(path);
    }
}
