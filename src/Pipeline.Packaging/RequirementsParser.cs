using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Packaging;

/// <summary>
/// Parses pip requirements files: <c>name[extras] specifiers ; marker --hash=...</c> lines, <c>name @ url</c>,
/// <c>\</c> continuations, comments (pip's rules), and option lines. One grammar for both modes: strict fails on the
/// first line it cannot read, lenient keeps such lines verbatim. Pure.
/// </summary>
public static partial class RequirementsParser
{
    /// <summary>The long name of <c>-i</c>.</summary>
    public const string IndexUrl = "--index-url";

    /// <summary>The long name of the extra index option.</summary>
    public const string ExtraIndexUrl = "--extra-index-url";

    /// <summary>The long name of <c>-r</c>.</summary>
    public const string Requirement = "--requirement";

    /// <summary>The long name of <c>-c</c>.</summary>
    public const string Constraint = "--constraint";

    private const string Expected = "expected a requirement such as 'name==1.0' (optionally [extras], ; marker, --hash=sha256:...) or an option such as '--index-url URL'";

    private static readonly Dictionary<string, string> ShortOptions = new(StringComparer.Ordinal)
    {
        ["-r"] = Requirement, ["-c"] = Constraint, ["-i"] = IndexUrl, ["-f"] = "--find-links", ["-e"] = "--editable",
    };

    // pip refuses these without a value; the others may stand alone (--pre, --no-index).
    private static readonly HashSet<string> NeedValue = new(StringComparer.Ordinal) { IndexUrl, ExtraIndexUrl, Requirement, Constraint };

    /// <summary>Parses <paramref name="text"/> read from <paramref name="path"/>.</summary>
    /// <exception cref="InputFormatException">Strict mode only: the first line that is neither a requirement nor an option.</exception>
    public static RequirementsFile Parse(string text, string path, RequirementsMode mode)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var requirements = new List<RequirementLine>();
        var options = new List<RequirementOption>();
        var unparsed = new List<UnparsedLine>();
        string? pendingSource = null;
        foreach (var (line, number) in LogicalLines(text))
        {
            var sourceComment = SourceComment().Match(line);
            if (sourceComment.Success)
            {
                pendingSource = sourceComment.Groups[1].Value;
                continue;
            }
            var content = StripComment(line).Trim();
            if (content.Length == 0)
                continue;
            if (content.StartsWith('-'))
            {
                var (name, value) = SplitOption(content);
                if (value is null && NeedValue.Contains(name) && mode == RequirementsMode.Strict)
                    throw new InputFormatException(path, number, $"expected a {(name is Requirement or Constraint ? "file" : "URL")} after {content}");
                options.Add(new RequirementOption(name, value ?? "", number, content));
                continue;
            }
            if (ParseRequirement(content, number, pendingSource, mode) is { } requirement)
                requirements.Add(requirement);
            else if (mode == RequirementsMode.Strict)
                throw new InputFormatException(path, number, Problem(content));
            else
                unparsed.Add(new UnparsedLine(content, number));
            pendingSource = null;
        }
        return new RequirementsFile(path, requirements, options) { Unparsed = unparsed };
    }

    private static RequirementLine? ParseRequirement(string content, int number, string? source, RequirementsMode mode)
    {
        var hashes = HashOption().Matches(content).Select(h => h.Groups["value"].Value).ToList();
        var rest = HashOption().Replace(content, "").Trim();
        var otherOption = OtherOption().Match(rest);
        if (otherOption.Success)
        {
            // pip's per-requirement options (--no-binary, --config-settings ...): the line stays as written for pip.
            if (mode == RequirementsMode.Strict)
                return null;
            rest = rest[..otherOption.Index].Trim();
        }
        string? marker = null;
        var semicolon = rest.IndexOf(';');
        if (semicolon >= 0)
        {
            marker = rest[(semicolon + 1)..].Trim();
            rest = rest[..semicolon].Trim();
            if (marker.Length == 0)
                return null;
        }
        var m = RequirementSpec().Match(rest);
        if (!m.Success)
            return null;
        var extras = m.Groups["extras"].Success
            ? m.Groups["extras"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var url = m.Groups["url"].Success ? m.Groups["url"].Value.Trim() : null;
        var spec = Whitespace().Replace(m.Groups["spec"].Value, "");
        return new RequirementLine(m.Groups["name"].Value, extras, spec, url, marker, hashes, number, source);
    }

    private static string Problem(string content) =>
        OtherOption().IsMatch(HashOption().Replace(content, ""))
            ? $"unsupported option on a requirement line in '{content}': {Expected}"
            : $"bad requirement '{content}': {Expected}";

    /// <summary>Splits <c>--name=value</c>, <c>--name value</c>, <c>-r value</c> and <c>-rvalue</c>; short names become long.</summary>
    private static (string Name, string? Value) SplitOption(string content)
    {
        string name;
        string value;
        if (content.Length > 2 && content[1] != '-' && content[2] is not ('=' or ' ' or '\t'))
        {
            (name, value) = (content[..2], content[2..]);
        }
        else
        {
            var eq = content.IndexOf('=');
            var space = content.IndexOfAny([' ', '\t']);
            var cut = eq >= 0 && (space < 0 || eq < space) ? eq : space;
            (name, value) = cut < 0 ? (content, "") : (content[..cut], content[(cut + 1)..]);
        }
        value = value.Trim();
        return (ShortOptions.GetValueOrDefault(name, name), value.Length == 0 ? null : value);
    }

    private static string StripComment(string line)
    {
        // pip treats '#' as a comment only at line start or after white space (URLs may hold '#').
        var m = Comment().Match(line);
        return m.Success ? line[..m.Index] : line;
    }

    /// <summary>Joins backslash continuations; yields each logical line with its first physical line number.</summary>
    private static IEnumerable<(string Line, int Number)> LogicalLines(string text)
    {
        var physical = text.ReplaceLineEndings("\n").Split('\n');
        var buffer = new StringBuilder();
        var start = 0;
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i];
            if (buffer.Length == 0)
                start = i + 1;
            // pip's rule: a line starting with '#' is a comment and never continues onto the next line, even when
            // it ends in '\' (StripComment would already have removed the '#', so test the raw line).
            if (line.EndsWith('\\') && !line.TrimStart().StartsWith('#'))
            {
                buffer.Append(line[..^1]).Append(' ');
                continue;
            }
            buffer.Append(line);
            yield return (buffer.ToString(), start);
            buffer.Clear();
        }
        if (buffer.Length > 0)
            yield return (buffer.ToString(), start);
    }

    [GeneratedRegex(@"^\s*#\s*source:\s*(\S+)\s*$")]
    private static partial Regex SourceComment();

    [GeneratedRegex(@"(^|\s)#")]
    private static partial Regex Comment();

    [GeneratedRegex(@"--hash[=\s]\s*(?<algo>[a-z0-9]+):(?<value>[0-9a-fA-F]+)")]
    private static partial Regex HashOption();

    [GeneratedRegex(@"(^|\s)--[A-Za-z]")]
    private static partial Regex OtherOption();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // Versions may hold environment variables: pip expands ${VAR} in requirements files, a shell $VAR on a command line.
    private const string Specifiers = @"(?:\s*(?:===|==|!=|~=|<=|>=|<|>)\s*(?:[A-Za-z0-9.*+!_-]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)+\s*,?)*";

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?<extras>[^\]]*)\])?\s*(?:@\s*(?<url>\S+)|\(\s*(?<spec>" + Specifiers + @")\s*\)|(?<spec>" + Specifiers + @"))\s*$")]
    private static partial Regex RequirementSpec();
}
