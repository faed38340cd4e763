using Pipeline.Compose.Errors;
using Pipeline.Compose.Model;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Compose.Loading;

/// <summary>Reads one (already interpolated) service node into a <see cref="ComposeService"/>.</summary>
internal sealed class ServiceReader(string file)
{
    private readonly string _directory = Path.GetDirectoryName(Path.GetFullPath(file))!;

    public ComposeService Read(YamlNode keyNode, YamlNode node)
    {
        var name = (keyNode as YamlScalarNode)?.Value;
        if (string.IsNullOrEmpty(name)) throw Error(keyNode, "expected a service name");
        if (node is not YamlMappingNode map) throw Error(node, $"service '{name}' must be a mapping");

        var buildNode = ComposeFileLoader.Child(map, "build");
        return new ComposeService(
            name,
            keyNode.Start.Line,
            Scalar(map, "image"),
            Scalar(map, "container_name"),
            buildNode is null ? null : ReadBuild(name, buildNode),
            KeyValues(ComposeFileLoader.Child(map, "labels"), "labels"),
            Scalar(map, "user"),
            Strings(ComposeFileLoader.Child(map, "profiles"), "profiles"),
            YamlValues.Extensions(map));
    }

    private BuildSection ReadBuild(string service, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { Length: > 0 } context }:
                return new BuildSection(ResolveContext(context), "Dockerfile",
                    new Dictionary<string, string?>(), null, new Dictionary<string, string>());
            case YamlMappingNode map:
                var args = ComposeFileLoader.Child(map, "args");
                return new BuildSection(
                    ResolveContext(Scalar(map, "context") ?? "."),
                    Scalar(map, "dockerfile") ?? "Dockerfile",
                    args is null ? new Dictionary<string, string?>() : NullableKeyValues(args, "build.args"),
                    Scalar(map, "target"),
                    KeyValues(ComposeFileLoader.Child(map, "labels"), "build.labels"))
                {
                    CacheFrom = RegistryCaches(map, "cache_from", out var cacheFromIgnored),
                    CacheTo = RegistryCaches(map, "cache_to", out var cacheToIgnored),
                    ExtraHosts = Hosts(ComposeFileLoader.Child(map, "extra_hosts")),
                    Network = Scalar(map, "network"),
                    ShmSize = Bytes(map, "shm_size"),
                    Platforms = Strings(ComposeFileLoader.Child(map, "platforms"), "build.platforms"),
                    Tags = Strings(ComposeFileLoader.Child(map, "tags"), "build.tags"),
                    NoCache = Boolean(map, "no_cache"),
                    Pull = Boolean(map, "pull"),
                    Ignored = map.Children
                        .Where(p => p.Key is YamlScalarNode { Value: { } key } && !PassedBuildKeys.Contains(key))
                        .Select(p => new IgnoredBuildKey(((YamlScalarNode)p.Key).Value!, file, p.Key.Start.Line))
                        .Concat(cacheFromIgnored).Concat(cacheToIgnored)
                        .ToList(),
                };
            default:
                throw Error(node, $"service '{service}': 'build' must be a path or a mapping with 'context'");
        }
    }

    // The build: keys Pipeline reads or hands to the engine API; any other is reported as ignored, never dropped silently.
    private static readonly HashSet<string> PassedBuildKeys =
    [
        "context", "dockerfile", "args", "target", "labels", "cache_from", "cache_to", "extra_hosts", "network", "shm_size",
        "platforms", "tags", "no_cache", "pull",
    ];

    // cache_from / cache_to entries, as buildx reads them: a plain image reference, or comma-separated key=value
    // options whose type (default registry) says where the cache lives. Only registry images can go through the engine
    // API (pulled before, pushed after); the other types are named with their line, never dropped silently.
    private List<string> RegistryCaches(YamlMappingNode map, string key, out List<IgnoredBuildKey> ignored)
    {
        var node = ComposeFileLoader.Child(map, key);
        var references = new List<string>();
        ignored = [];
        if (node is null) return references;
        var entries = node as YamlSequenceNode ?? throw Error(node, $"'build.{key}' must be a list");
        foreach (var entry in entries.Children)
        {
            var text = (entry as YamlScalarNode)?.Value ?? throw Error(entry, $"'build.{key}' entries must be strings");
            if (RegistryReference(text) is { } reference) references.Add(reference);
            else ignored.Add(new IgnoredBuildKey(key, file, entry.Start.Line) { Entry = text });
        }
        return references;
    }

    private static string? RegistryReference(string entry)
    {
        if (!entry.Contains('=', StringComparison.Ordinal)) return entry.Trim() is { Length: > 0 } plain ? plain : null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in entry.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = option.Split('=', 2);
            options[pair[0]] = pair.Length > 1 ? pair[1] : ""; // the last one wins, as in buildx
        }
        var type = options.GetValueOrDefault("type", "registry");
        return type == "registry" && options.GetValueOrDefault("ref") is { Length: > 0 } reference ? reference : null;
    }

    // extra_hosts is a list of "host:ip" / "host=ip" or a mapping host: ip; the engine takes "host:ip".
    private List<string> Hosts(YamlNode? node) => node switch
    {
        null => [],
        YamlMappingNode => NullableKeyValues(node, "build.extra_hosts").Select(p => $"{p.Key}:{p.Value}").ToList(),
        _ => Strings(node, "build.extra_hosts").Select(h => h.Contains('=') && !h.Contains(':') ? h.Replace('=', ':') : h).ToList(),
    };

    private long? Bytes(YamlMappingNode map, string key)
    {
        var text = Scalar(map, key);
        if (text is null) return null;
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), "^([0-9]+)\\s*([kmg]?)b?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success) throw Error(ComposeFileLoader.Child(map, key)!, $"'build.{key}' must be a size such as 256m or 2gb, not '{text}'");
        var unit = match.Groups[2].Value.ToLowerInvariant() switch { "k" => 1L << 10, "m" => 1L << 20, "g" => 1L << 30, _ => 1L };
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * unit;
    }

    private bool Boolean(YamlMappingNode map, string key) => Scalar(map, key)?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw Error(ComposeFileLoader.Child(map, key)!, $"'build.{key}' must be true or false, not '{other}'"),
    };

    private string ResolveContext(string context) =>
        BuildSection.IsRemote(context) ? context : Path.GetFullPath(Path.Combine(_directory, context));

    private string? Scalar(YamlMappingNode map, string key)
    {
        var node = ComposeFileLoader.Child(map, key);
        return node switch
        {
            null => null,
            YamlScalarNode scalar => YamlValues.IsNull(scalar) ? null : scalar.Value,
            _ => throw Error(node, $"'{key}' must be a single value"),
        };
    }

    private IReadOnlyList<string> Strings(YamlNode? node, string what) => node switch
    {
        null => [],
        YamlSequenceNode seq => seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw Error(c, $"'{what}' entries must be strings")).ToList(),
        _ => throw Error(node, $"'{what}' must be a list"),
    };

    private IReadOnlyDictionary<string, string> KeyValues(YamlNode? node, string what) =>
        node is null
            ? new Dictionary<string, string>()
            : NullableKeyValues(node, what).ToDictionary(p => p.Key, p => p.Value ?? string.Empty, StringComparer.Ordinal);

    /// <summary>A compose "map or list" field: <c>{k: v}</c> or <c>["k=v", "k"]</c> (a bare key has a null value).</summary>
    private Dictionary<string, string?> NullableKeyValues(YamlNode node, string what)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw Error(key, $"'{what}' keys must be strings");
                    result[name] = value switch
                    {
                        YamlScalarNode scalar => YamlValues.IsNull(scalar) ? null : scalar.Value,
                        _ => throw Error(value, $"'{what}.{name}' must be a single value"),
                    };
                }
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    var entry = (item as YamlScalarNode)?.Value ?? throw Error(item, $"'{what}' entries must be \"key=value\" strings");
                    var equals = entry.IndexOf('=');
                    if (equals == 0) throw Error(item, $"'{what}' entry \"{entry}\" has no key");
                    if (equals < 0) result[entry] = null;
                    else result[entry[..equals]] = entry[(equals + 1)..];
                }
                break;
            default:
                throw Error(node, $"'{what}' must be a mapping or a list of \"key=value\"");
        }
        return result;
    }

    private ComposeFileException Error(YamlNode node, string problem) => new(file, node.Start.Line, problem);
}
