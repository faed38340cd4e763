using System.Text.RegularExpressions;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>A requirement line of a pip requirements file.</summary>
/// <param name="Name">The project name, normalised (PEP 503: lower case, runs of <c>-_.</c> become <c>-</c>).</param>
/// <param name="Specifier">The version specifier as written (<c>==2.5.1+cpu</c>, <c>&gt;=1.0,&lt;2</c>), or empty.</param>
/// <param name="Line">1-based line number.</param>
public sealed record RequirementLine(string Name, string Specifier, int Line)
{
    /// <summary>Name and specifier, for a command line (extras and markers dropped).</summary>
    public string Pin => Name + Specifier;
}

/// <summary>An option line of a requirements file (<c>-r</c>, <c>-c</c>, <c>--extra-index-url</c> ...).</summary>
/// <param name="Name">The canonical long option name.</param>
/// <param name="Value">The option's value, or empty.</param>
/// <param name="Line">1-based line number.</param>
public sealed record RequirementOption(string Name, string Value, int Line);

/// <summary>The parts of a pip requirements file this tool needs: requirement names/pins and option lines.</summary>
public sealed partial class RequirementsFile
{
    private RequirementsFile(IReadOnlyList<RequirementLine> requirements, IReadOnlyList<RequirementOption> options)
    {
        Requirements = requirements;
        Options = options;
    }

    /// <summary>Requirement lines in order.</summary>
    public IReadOnlyList<RequirementLine> Requirements { get; }

    /// <summary>Option lines in order.</summary>
    public IReadOnlyList<RequirementOption> Options { get; }

    /// <summary>Parses requirements text; lines it does not understand (URLs, paths, editables) are skipped.</summary>
    public static RequirementsFile Parse(string text)
    {
        var requirements = new List<RequirementLine>();
        var options = new List<RequirementOption>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i];
            while (line.EndsWith('\\') && i + 1 < lines.Length)
                line = line[..^1] + lines[++i];
            line = Comment().Replace(line, "").Trim();
            if (line.Length == 0)
                continue;
            if (line.StartsWith('-'))
            {
                var match = OptionLine().Match(line);
                var name = match.Groups[1].Value;
                name = name switch { "-r" => "--requirement", "-c" => "--constraint", "-i" => "--index-url", "-f" => "--find-links", "-e" => "--editable", _ => name };
                options.Add(new RequirementOption(name, match.Groups[2].Value.Trim(), number));
                continue;
            }
            var requirement = RequirementSpec().Match(line);
            if (!requirement.Success)
                continue;
            var specifier = requirement.Groups[3].Value.Split(';')[0].Replace(" ", "", StringComparison.Ordinal);
            requirements.Add(new RequirementLine(Normalize(requirement.Groups[1].Value), specifier, number));
        }
        return new RequirementsFile(requirements, options);
    }

    /// <summary>PEP 503 name normalisation.</summary>
    public static string Normalize(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(--?[A-Za-z][A-Za-z-]*)(?:[=\s]\s*(.*))?$")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*([^@]*)$")]
    private static partial Regex RequirementSpec();

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex Separators();
}
