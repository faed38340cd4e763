using System.Text.RegularExpressions;
using Pipeline.Python.Locks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Python.Conda;

/// <summary>
/// Reads conda environment files: <c>environment.yml</c>, <c>conda-lock.yml</c> and <c>@EXPLICIT</c> lists.
/// YAML goes through YamlDotNet's representation model, which keeps every node's line for <c>file:line</c>
/// rows and errors. Pure: takes the text, does no I/O.
/// </summary>
internal static partial class CondaEnvironmentReader
{
    /// <summary>
    /// True when the file is one of the conda formats, by name (<c>environment*.yml</c>, <c>*conda-lock*.yml</c>)
    /// or, for other names, by content (an <c>@EXPLICIT</c> line).
    /// </summary>
    public static bool IsCondaFile(string path, string? text = null) => KindOf(path, text) is not null;

    /// <summary>The format of a file, or null when it is not a conda file.</summary>
    public static CondaFileKind? KindOf(string path, string? text = null)
    {
        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        var yaml = name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal);
        if (yaml && name.Contains("conda-lock", StringComparison.Ordinal))
            return CondaFileKind.CondaLock;
        if (yaml && name.StartsWith("environment", StringComparison.Ordinal))
            return CondaFileKind.Environment;
        if (text is not null && ExplicitMarker().IsMatch(text))
            return CondaFileKind.Explicit;
        return null;
    }

    /// <summary>Parses <paramref name="text"/> read from <paramref name="path"/>; bad input is one <c>file:line</c> error.</summary>
    public static CondaEnvironment Read(string text, string path) => KindOf(path, text) switch
    {
        CondaFileKind.CondaLock => ReadCondaLock(text, path),
        CondaFileKind.Explicit => ReadExplicit(text, path),
        _ => ReadEnvironment(text, path),
    };

    private static CondaEnvironment ReadEnvironment(string text, string path)
    {
        var root = Load(text, path);
        var channels = Sequence(root, "channels", path).Select(n => Scalar(n, path, "a channel name")).ToList();
        var packages = new List<CondaPackage>();
        foreach (var node in Sequence(root, "dependencies", path))
        {
            if (node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("pip"), out var pip))
            {
                if (pip is not YamlSequenceNode pipList)
                    throw Error(path, pip, "expected 'pip:' to be a list of requirements");
                foreach (var entry in pipList)
                    packages.Add(PipEntry(Scalar(entry, path, "a pip requirement"), path, Line(entry)));
                continue;
            }
            packages.Add(MatchSpec(Scalar(node, path, "a package spec such as 'pytorch=2.5.1' or a 'pip:' list"), path, Line(node)));
        }
        return new CondaEnvironment(path, CondaFileKind.Environment, channels, packages);
    }

    private static CondaEnvironment ReadCondaLock(string text, string path)
    {
        var root = Load(text, path);
        var packages = new List<CondaPackage>();
        foreach (var node in Sequence(root, "package", path))
        {
            if (node is not YamlMappingNode entry)
                throw Error(path, node, "expected a package entry with name, version, manager, platform and url");
            string Get(string key, bool required = true) =>
                entry.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: { } s } ? s
                : required ? throw Error(path, node, $"package entry lacks '{key}'") : "";
            var manager = Get("manager", required: false) is { Length: > 0 } m ? m : "conda";
            var url = Get("url", required: false);
            var (channel, build) = manager == "pip" ? ("pypi", "") : FromUrl(url);
            packages.Add(new CondaPackage(Get("name"), Get("version"), build, channel, manager, Get("platform", required: false) is { Length: > 0 } p ? p : null, Line(node)));
        }
        return new CondaEnvironment(path, CondaFileKind.CondaLock, [], packages);
    }

    private static CondaEnvironment ReadExplicit(string text, string path)
    {
        var packages = new List<CondaPackage>();
        string? platform = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("# platform:", StringComparison.Ordinal))
                platform = line["# platform:".Length..].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line == "@EXPLICIT")
                continue;
            if (!Uri.TryCreate(line.Split('#')[0], UriKind.Absolute, out var uri))
                throw new PythonInputException(path, i + 1, $"expected a package URL such as https://conda.anaconda.org/pytorch/linux-64/pytorch-2.5.1-py3.11_cpu_0.tar.bz2, got '{line}'");
            var file = FileName().Match(uri.AbsolutePath);
            if (!file.Success)
                throw new PythonInputException(path, i + 1, $"expected a conda package file name (name-version-build.conda or .tar.bz2) in '{line}'");
            var (channel, build) = FromUrl(uri.AbsoluteUri);
            packages.Add(new CondaPackage(file.Groups["name"].Value, file.Groups["version"].Value, build, channel, "conda", SubdirOf(uri) ?? platform, i + 1));
        }
        return new CondaEnvironment(path, CondaFileKind.Explicit, [], packages);
    }

    /// <summary>Channel (the path part before the subdir) and build string from a conda package URL.</summary>
    private static (string Channel, string Build) FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return ("", "");
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var channel = segments.Length >= 3 ? segments[^3] : uri.Host;
        var file = FileName().Match(uri.AbsolutePath);
        return (channel, file.Success ? file.Groups["build"].Value : "");
    }

    private static string? SubdirOf(Uri uri) => uri.AbsolutePath.Trim('/').Split('/') is { Length: >= 2 } s ? s[^2] : null;

    /// <summary>A conda match spec: <c>[channel::]name[ version[ build]]</c> or <c>name=version=build</c>, <c>name&gt;=1</c>.</summary>
    private static CondaPackage MatchSpec(string spec, string path, int line)
    {
        var m = Spec().Match(spec.Trim());
        if (!m.Success)
            throw new PythonInputException(path, line, $"bad conda package spec '{spec}': expected name, name=version, name=version=build or channel::name");
        var rest = m.Groups["rest"].Value.Trim();
        string version = rest, build = "";
        var parts = rest.TrimStart('=').Split(['=', ' '], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rest.StartsWith('=') || rest.Contains(' ', StringComparison.Ordinal))
            (version, build) = (parts.ElementAtOrDefault(0) ?? "", parts.ElementAtOrDefault(1) ?? "");
        return new CondaPackage(m.Groups["name"].Value.ToLowerInvariant(), version, build, m.Groups["channel"].Value, "conda", null, line);
    }

    private static CondaPackage PipEntry(string requirement, string path, int line)
    {
        var parsed = RequirementsReader.Read(requirement, path).Requirements.SingleOrDefault()
                     ?? throw new PythonInputException(path, line, $"bad pip requirement '{requirement}'");
        return new CondaPackage(parsed.Name, parsed.PinnedVersion ?? parsed.Specifier, "", "pypi", "pip", null, line);
    }

    private static YamlMappingNode Load(string text, string path)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; the line is already in file:line.
            var message = Regex.Replace(e.Message, @"^\(Line:[^)]*\)\s*-\s*\(Line:[^)]*\):\s*", "").ReplaceLineEndings(" ");
            throw new PythonInputException(path, (int)e.Start.Line, $"invalid YAML: {message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // YamlDotNet's scanner also fails with InvalidOperationException or ArgumentException on some malformed
            // input (found by InputPropertyTests, as in compose files); the last event it read is where the damage begins.
            throw new PythonInputException(path, (int)(parser.Current?.End.Line ?? 0), "invalid YAML: cannot read past here", e);
        }
        return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
               ?? throw new PythonInputException(path, 1, "expected a YAML mapping with 'channels' and 'dependencies' (or 'package' in a conda-lock file)");
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode root, string key, string path) =>
        !root.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is YamlScalarNode { Value: null or "" } ? []
        : node as YamlSequenceNode ?? throw Error(path, node, $"expected '{key}:' to be a list");

    private static string Scalar(YamlNode node, string path, string expected) =>
        node is YamlScalarNode { Value: { } s } ? s : throw Error(path, node, $"expected {expected}");

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static PythonInputException Error(string path, YamlNode node, string message) => new(path, Line(node), message);

    [GeneratedRegex(@"^\s*@EXPLICIT\s*$", RegexOptions.Multiline)]
    private static partial Regex ExplicitMarker();

    [GeneratedRegex(@"(?:^|/)(?<name>[^/]+)-(?<version>[^-/]+)-(?<build>[^-/]+)\.(?:conda|tar\.bz2)$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^(?:(?<channel>[A-Za-z0-9_./:-]+?)::)?(?<name>[A-Za-z0-9_.-]+)(?<rest>.*)$")]
    private static partial Regex Spec();
}
