using YamlDotNet.RepresentationModel;

namespace Pipeline.Compose.Loading;

/// <summary>
/// Applies YAML merge keys (<c>&lt;&lt;: *anchor</c> or <c>&lt;&lt;: [*a, *b]</c>) in place: keys of the merged
/// mappings are added unless the mapping already has them, earlier sources winning, as YAML 1.1 defines.
/// (The representation model resolves aliases to shared nodes but leaves <c>&lt;&lt;</c> as a plain key.)
/// </summary>
internal static class YamlMergeKeys
{
    private static readonly YamlScalarNode MergeKey = new("<<");

    public static void Apply(YamlNode root) => Visit(root, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));

    private static void Visit(YamlNode node, HashSet<YamlNode> done)
    {
        if (!done.Add(node)) return;
        switch (node)
        {
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children) Visit(child, done);
                break;
            case YamlMappingNode mapping:
                foreach (var child in mapping.Children.Values.ToList()) Visit(child, done);
                if (mapping.Children.TryGetValue(MergeKey, out var sources))
                {
                    mapping.Children.Remove(MergeKey);
                    var list = sources is YamlSequenceNode seq ? seq.Children : [sources];
                    foreach (var source in list)
                    {
                        if (source is not YamlMappingNode sourceMap)
                            throw new YamlMergeException(source.Start.Line, "a merge key (<<) must refer to a mapping or a list of mappings");
                        foreach (var (key, value) in sourceMap.Children)
                            if (!mapping.Children.ContainsKey(key)) mapping.Children.Add(key, value);
                    }
                }
                break;
        }
    }
}

/// <summary>A merge key that does not refer to mappings.</summary>
internal sealed class YamlMergeException(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}
