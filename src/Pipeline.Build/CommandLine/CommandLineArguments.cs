namespace Pipeline.Build;

/// <summary>
/// The command line split into positional target names and <c>--options</c> with their values.
/// Names are normalised (case and dashes ignored); a repeated option's last occurrence wins.
/// </summary>
public sealed class CommandLineArguments
{
    private readonly Dictionary<string, (string Spelling, IReadOnlyList<string> Values)> _options;

    private CommandLineArguments(IReadOnlyList<string> positional, Dictionary<string, (string, IReadOnlyList<string>)> options)
    {
        Positional = positional;
        _options = options;
    }

    /// <summary>Target names given before the first option (<c>A B</c> or <c>A+B</c>).</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>
    /// Parses <paramref name="args"/>. A switch (see <paramref name="isSwitch"/>) takes a value only when it is a
    /// boolean literal, so <c>--plan Test</c> plans Test.
    /// </summary>
    public static CommandLineArguments Parse(IReadOnlyList<string> args, Func<string, bool>? isSwitch = null)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, (string, IReadOnlyList<string>)>();
        string? current = null;
        List<string>? values = null;

        void Flush()
        {
            if (current is not null) options[TargetNames.Normalize(current)] = (current, values!);
        }

        foreach (var arg in args)
        {
            if (IsOption(arg))
            {
                Flush();
                var text = arg.TrimStart('-');
                var eq = text.IndexOf('=');
                current = eq < 0 ? text : text[..eq];
                values = eq < 0 ? [] : [text[(eq + 1)..]];
                continue;
            }
            if (current is not null && isSwitch?.Invoke(TargetNames.Normalize(current)) == true && (values!.Count > 0 || !IsBoolean(arg)))
            {
                Flush();
                current = null;
            }
            if (current is null)
                positional.AddRange(arg.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            else
                values!.Add(arg);
        }
        Flush();
        return new CommandLineArguments(positional, options);
    }

    /// <summary>True when the option was given (with or without values).</summary>
    public bool Has(string name) => _options.ContainsKey(TargetNames.Normalize(name));

    /// <summary>
    /// A switch's value: false when absent or given as <c>false</c>, true when given alone or as <c>true</c>
    /// (so <c>--plan false</c> does not plan); any other value is an error.
    /// </summary>
    public bool Flag(string name) => Get(name) switch
    {
        null => false,
        [] => true,
        [var v] when IsBoolean(v) => v.Equals("true", StringComparison.OrdinalIgnoreCase),
        var values => throw new BuildDefinitionException($"--{name} is a switch: expected nothing, true or false, got '{string.Join(" ", values)}'"),
    };

    /// <summary>The values given for an option, or null when it was not given.</summary>
    public IReadOnlyList<string>? Get(string name) =>
        _options.TryGetValue(TargetNames.Normalize(name), out var v) ? v.Values : null;

    /// <summary>Options not in <paramref name="known"/> (normalised names).</summary>
    public IEnumerable<string> Unknown(IReadOnlySet<string> known) =>
        _options.Where(kv => !known.Contains(kv.Key)).Select(kv => kv.Value.Spelling);

    private static bool IsBoolean(string arg) => arg.ToLowerInvariant() is "true" or "false";

    private static bool IsOption(string arg) =>
        (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2) || arg is "-h" or "-?";
}
