using System.Text.RegularExpressions;

namespace Pipeline.Python.Locks;

/// <summary>
/// Parses pip requirements files: <c>name[extras] specifiers ; marker --hash=...</c> lines, <c>\</c>
/// continuations, comments, and the options <c>--index-url</c>/<c>-i</c>, <c>--extra-index-url</c>. Pure.
/// </summary>
public static partial class RequirementsParser
{
    private const string Expected = "expected a requirement such as 'name==1.0' (optionally [extras], ; marker, --hash=sha256:...) or an option such as '--index-url URL'";

    /// <summary>Parses <paramref name="text"/>; a bad line throws <see cref="PythonInputException"/> naming it.</summary>
    public static RequirementsFile Parse(string text, string path)
    {
        var requirements = new List<RequirementLine>();
        var extraIndexes = new List<string>();
        var others = new List<string>();
        var includes = new List<RequirementsInclude>();
        string? indexUrl = null;
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
                var (option, value) = SplitOption(content);
                switch (option)
                {
                    case "--index-url" or "-i":
                        indexUrl = value ?? throw new PythonInputException(path, number, $"expected a URL after {option}");
                        break;
                    case "--extra-index-url":
                        extraIndexes.Add(value ?? throw new PythonInputException(path, number, $"expected a URL after {option}"));
                        break;
                    case "-r" or "--requirement":
                        includes.Add(new RequirementsInclude(value ?? throw new PythonInputException(path, number, $"expected a file after {option}"), number));
                        others.Add(content);
                        break;
                    default:
                        others.Add(content);
                        break;
                }
                continue;
            }
            requirements.Add(ParseRequirement(content, path, number, pendingSource));
            pendingSource = null;
        }
        return new RequirementsFile(path, requirements, indexUrl, extraIndexes, others) { Includes = includes };
    }

    private static RequirementLine ParseRequirement(string content, string path, int number, string? source)
    {
        var hashes = new List<string>();
        var options = HashOption().Matches(content);
        foreach (Match h in options)
            hashes.Add(h.Groups["value"].Value);
        var rest = HashOption().Replace(content, "").Trim();
        if (rest.Contains(" --", StringComparison.Ordinal) || rest.StartsWith("--", StringComparison.Ordinal))
            throw new PythonInputException(path, number, $"unsupported option on a requirement line in '{content}': {Expected}");
        string? marker = null;
        var semicolon = rest.IndexOf(';');
        if (semicolon >= 0)
        {
            marker = rest[(semicolon + 1)..].Trim();
            rest = rest[..semicolon].Trim();
            try
            {
                Markers.MarkerParser.Parse(marker);
            }
            catch (Markers.MarkerSyntaxException e)
            {
                throw new PythonInputException(path, number, e.Message, e);
            }
        }
        var m = Requirement().Match(rest);
        if (!m.Success)
            throw new PythonInputException(path, number, $"bad requirement '{content}': {Expected}");
        var extras = m.Groups["extras"].Success
            ? m.Groups["extras"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var url = m.Groups["url"].Success ? m.Groups["url"].Value.Trim() : null;
        var spec = Regex.Replace(m.Groups["spec"].Value, @"\s+", "");
        return new RequirementLine(m.Groups["name"].Value, extras, spec, url, marker, hashes, number, source);
    }

    private static (string Option, string? Value) SplitOption(string content)
    {
        var eq = content.IndexOf('=');
        var space = content.IndexOfAny([' ', '\t']);
        var cut = eq >= 0 && (space < 0 || eq < space) ? eq : space;
        if (cut < 0)
            return (content, null);
        var value = content[(cut + 1)..].Trim();
        return (content[..cut], value.Length == 0 ? null : value);
    }

    private static string StripComment(string line)
    {
        // pip treats '#' as a comment only at line start or after whitespace (URLs may hold '#').
        var m = Comment().Match(line);
        return m.Success ? line[..m.Index] : line;
    }

    /// <summary>Joins backslash continuations; yields each logical line with its first physical line number.</summary>
    private static IEnumerable<(string Line, int Number)> LogicalLines(string text)
    {
        var physical = text.ReplaceLineEndings("\n").Split('\n');
        var buffer = new System.Text.StringBuilder();
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

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?<extras>[^\]]*)\])?\s*(?:@\s*(?<url>\S+)|(?<spec>(?:\s*(?:===|==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*,?)*))\s*$")]
    private static partial Regex Requirement();
}
