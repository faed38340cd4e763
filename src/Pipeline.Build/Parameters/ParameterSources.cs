using System.Text.Json;

namespace Pipeline.Build;

/// <summary>
/// Where parameter values come from, in precedence order: command line, environment,
/// <c>.nuke/parameters.json</c>, then <c>--profile</c> files (later profiles win among themselves).
/// </summary>
internal sealed class ParameterSources
{
    private readonly CommandLineArguments _commandLine;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<(string File, Dictionary<string, JsonElement> Values)> _files = [];

    public ParameterSources(CommandLineArguments commandLine, IReadOnlyDictionary<string, string> environment, AbsolutePath root, IReadOnlyList<string> profiles)
    {
        _commandLine = commandLine;
        _environment = environment;
        var nuke = root / ".nuke";
        AddFile(nuke / "parameters.json", required: false);
        foreach (var profile in profiles.Reverse())
            AddFile(nuke / $"parameters.{profile}.json", required: true);
    }

    /// <summary>A raw value and a description of where it came from (for error messages), or null.</summary>
    public RawValue? Find(string name)
    {
        if (_commandLine.Get(name) is { } cli)
            return new RawValue(cli, null, $"command line (--{name})");

        if (FindEnvironment(name) is { } env)
            return new RawValue(null, env.Value, $"environment variable {env.Key}");

        foreach (var (file, values) in _files)
        {
            var entry = values.FirstOrDefault(kv => TargetNames.Matches(kv.Key, name));
            if (entry.Key is not null)
                return new RawValue(null, null, $"{file} ({entry.Key})", entry.Value);
        }
        return null;
    }

    private KeyValuePair<string, string>? FindEnvironment(string name)
    {
        // Names match ignoring case and non-alphanumerics. PIPELINE_NAME wins over NAME (the prefixed form is
        // the one meant for this build; NAME may belong to something else); within each form the exact
        // spelling wins, then the ordinal first, so the answer never depends on the environment's order.
        var wanted = Alphanumeric(name);
        KeyValuePair<string, string>? Lookup(string letters) => _environment
            .Where(kv => !string.IsNullOrEmpty(kv.Value) && Alphanumeric(kv.Key) == letters) // empty means "unset", not false
            .OrderBy(kv => kv.Key == name || kv.Key == "PIPELINE_" + name ? 0 : 1)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (KeyValuePair<string, string>?)kv)
            .FirstOrDefault();
        return Lookup("pipeline" + wanted) ?? Lookup(wanted);
    }

    private static string Alphanumeric(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private void AddFile(AbsolutePath path, bool required)
    {
        if (!path.FileExists())
        {
            if (required) throw new BuildDefinitionException($"Profile file {path} does not exist");
            return;
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildDefinitionException($"{path}:1: expected a JSON object of parameter names to values");
            _files.Add((path, doc.RootElement.EnumerateObject()
                .Where(p => p.Name != "$schema")
                .ToDictionary(p => p.Name, p => p.Value.Clone())));
        }
        catch (JsonException e)
        {
            throw new BuildDefinitionException($"{path}:{(e.LineNumber ?? 0) + 1}: invalid JSON: {e.Message.Split(" LineNumber")[0]}", e);
        }
    }
}

/// <summary>A value before conversion: command-line tokens, an environment string, or a JSON element.</summary>
internal sealed record RawValue(IReadOnlyList<string>? Tokens, string? Text, string Source, JsonElement? Json = null);
