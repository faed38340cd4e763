using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.IO;

namespace Pipeline.Build;

/// <summary>
/// <c>.nuke/build.schema.json</c>: a JSON schema of targets and parameters, referenced by <c>parameters.json</c>
/// so editors complete parameter names and target lists. Regenerated each run; written only when it changed.
/// </summary>
internal static class SchemaWriter
{
    public static string Create(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var targetNames = new JsonArray(targets.Select(t => (JsonNode)JsonValue.Create(t.Name)!).ToArray());
        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string" },
            ["Target"] = TargetList("Targets to run"),
            ["Skip"] = TargetList("Targets to skip"),
            ["Verbosity"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray(Enum.GetNames<Verbosity>().Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            },
        };
        foreach (var p in parameters)
        {
            var node = TypeSchema(p.Type);
            if (p.Description is not null) node["description"] = p.Description;
            if (p.IsSecret) node["default"] = "Secrets must be entered via the environment or a profile, never committed";
            properties[p.Name] = node;
        }

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["title"] = "Build Schema",
            ["type"] = "object",
            ["definitions"] = new JsonObject { ["ExecutableTarget"] = new JsonObject { ["type"] = "string", ["enum"] = targetNames } },
            ["properties"] = properties,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public static async Task WriteIfChangedAsync(AbsolutePath file, string content)
    {
        if (file.FileExists() && await File.ReadAllTextAsync(file) == content) return;
        // Editors read the schema while builds run: never let them see half of one.
        await AtomicFile.WriteAllTextAsync(file, content, CancellationToken.None);
    }

    private static JsonObject TargetList(string description) => new()
    {
        ["type"] = "array",
        ["description"] = description,
        ["items"] = new JsonObject { ["$ref"] = "#/definitions/ExecutableTarget" },
    };

    private static JsonObject TypeSchema(Type type)
    {
        if (type.IsArray) return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(type.GetElementType()!) };
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(t).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()) };
        if (t == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (t == typeof(int) || t == typeof(long)) return new JsonObject { ["type"] = "integer" };
        if (t == typeof(double) || t == typeof(decimal)) return new JsonObject { ["type"] = "number" };
        return new JsonObject { ["type"] = "string" };
    }
}
