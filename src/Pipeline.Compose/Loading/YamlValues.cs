using Pipeline.Compose.Model;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Compose.Loading;

/// <summary>Turns YAML nodes into plain values (strings, lists, dictionaries) for extension fields.</summary>
internal static class YamlValues
{
    public static ComposeExtensions Extensions(YamlMappingNode map)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && name.StartsWith("x-", StringComparison.Ordinal))
                values[name] = ToPlain(value);
        }
        return values.Count == 0 ? ComposeExtensions.Empty : new ComposeExtensions(values);
    }

    public static object? ToPlain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => IsNull(scalar) ? null : scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(ToPlain).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty, pair => ToPlain(pair.Value), StringComparer.Ordinal),
        _ => null,
    };

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
}
