using System.Text.RegularExpressions;
using Pipeline.Compose.Errors;
using Pipeline.Compose.Interpolation;
using Pipeline.Compose.Model;
using Pipeline.Compose.Naming;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Compose.Loading;

/// <summary>
/// Loads a compose file into a <see cref="ComposeProject"/>: YAML (anchors, aliases, merge keys), variable
/// interpolation of every scalar value (environment wins over <c>.env</c>), then the service model.
/// Every problem is a <see cref="ComposeFileException"/> naming the file and line.
/// </summary>
public static partial class ComposeFileLoader
{
    /// <summary>Reads and parses the file that <paramref name="options"/> names.</summary>
    public static async Task<ComposeProject> LoadAsync(ComposeLoadOptions options, CancellationToken ct = default)
    {
        var file = ComposeFileLocator.Locate(options.Path);
        var text = await File.ReadAllTextAsync(file, ct);
        var envFile = options.EnvFile ?? Path.Combine(Path.GetDirectoryName(file)!, ".env");
        var dotEnv = await DotEnvFile.ReadIfExistsAsync(envFile, ct);
        return Parse(text, file, Merge(dotEnv, options.Environment), options.ProjectName, options.Flavor);
    }

    /// <summary>
    /// Parses compose YAML <paramref name="text"/> as if read from <paramref name="file"/> (whose folder anchors
    /// relative paths and the default project name) with <paramref name="variables"/> for interpolation, naming images by <paramref name="flavor"/>.
    /// </summary>
    public static ComposeProject Parse(
        string text,
        string file,
        IReadOnlyDictionary<string, string> variables,
        string? projectName = null,
        ComposeFlavor flavor = ComposeFlavor.DockerCompose)
    {
        var root = ReadRoot(text, file);
        var interpolator = new Interpolator(variables);
        InterpolateAll(root, interpolator, file);

        var reader = new ServiceReader(file);
        var servicesNode = Child(root, "services");
        if (servicesNode is not YamlMappingNode servicesMap)
            throw new ComposeFileException(file, (servicesNode ?? root).Start.Line, "expected a 'services:' mapping");

        var services = servicesMap.Children
            .Select(pair => reader.Read(pair.Key, pair.Value))
            .ToList();
        var name = ComposeNaming.ProjectName(
            projectName,
            variables.GetValueOrDefault("COMPOSE_PROJECT_NAME"),
            (Child(root, "name") as YamlScalarNode)?.Value,
            Path.GetDirectoryName(Path.GetFullPath(file))!);
        if (name.Length == 0)
            throw new ComposeFileException(file, 0, "the project name is empty after normalisation; set 'name:' or COMPOSE_PROJECT_NAME");
        return new ComposeProject(name, Path.GetFullPath(file), services, YamlValues.Extensions(root), flavor);
    }

    private static YamlMappingNode ReadRoot(string text, string file)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ComposeFileException(file, e.Start.Line, "invalid YAML: " + StripPosition(e.Message), e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // YamlDotNet's scanner and loader also fail with other exceptions on some malformed input
            // (InvalidOperationException on a broken flow collection, ArgumentException "The current event is of an
            // unsupported type" on a key cut short); the last event it read is where the damage begins.
            throw new ComposeFileException(file, parser.Current?.End.Line ?? 0, "invalid YAML: cannot read past here", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ComposeFileException(file, 1, "expected a mapping at the top level (with 'services:')");
        try
        {
            YamlMergeKeys.Apply(root);
        }
        catch (YamlMergeException e)
        {
            throw new ComposeFileException(file, e.Line, e.Message, e);
        }
        return root;
    }

    private static void InterpolateAll(YamlNode root, Interpolator interpolator, string file)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>([root]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node)) continue; // an aliased node is shared: interpolate it once
            switch (node)
            {
                case YamlScalarNode { Value: { } value } scalar when value.Contains('$'):
                    try
                    {
                        scalar.Value = interpolator.Interpolate(value);
                    }
                    catch (InterpolationException e)
                    {
                        throw new ComposeFileException(file, scalar.Start.Line, e.Message, e);
                    }
                    break;
                case YamlMappingNode mapping:
                    foreach (var child in mapping.Children.Values) pending.Push(child);
                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children) pending.Push(child);
                    break;
            }
        }
    }

    private static IReadOnlyDictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> dotEnv, IReadOnlyDictionary<string, string> environment)
    {
        var merged = new Dictionary<string, string>(dotEnv, StringComparer.Ordinal);
        foreach (var (key, value) in environment) merged[key] = value;
        return merged;
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string StripPosition(string message) => PositionPrefix().Replace(message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
