using System.Text.RegularExpressions;

namespace Pipeline.Dockerfiles.Syntax;

/// <summary>
/// The parser directives BuildKit honours (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>). They are
/// only recognised in the leading comment lines: the first line that is not a known directive ends the block.
/// </summary>
public sealed partial class ParserDirectives
{
    private static readonly HashSet<string> Known = ["syntax", "escape", "check"];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private bool _done;

    /// <summary>The escape (and line-continuation) character: <c>\</c> unless <c># escape=`</c> says otherwise.</summary>
    public char EscapeToken { get; private set; } = '\\';

    /// <summary>The value of <c># syntax=</c>, if present.</summary>
    public string? Syntax => _values.GetValueOrDefault("syntax");

    /// <summary>The value of <c># check=</c>, if present.</summary>
    public string? Check => _values.GetValueOrDefault("check");

    /// <summary>All directives seen, lower-cased name to value.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Feeds one line (without terminator); returns an error text when the directive is invalid.</summary>
    internal string? Accept(string line)
    {
        if (_done)
            return null;
        var match = DirectiveRegex().Match(line);
        if (!match.Success)
        {
            _done = true;
            return null;
        }
        var key = match.Groups[1].Value.ToLowerInvariant();
        if (!Known.Contains(key))
        {
            _done = true;
            return null;
        }
        if (_values.ContainsKey(key))
            return $"only one {key} parser directive can be used";
        var value = match.Groups[2].Value;
        _values[key] = value;
        if (key == "escape")
        {
            if (value != "`" && value != "\\")
                return $"invalid escape token '{value}' does not match ` or \\";
            EscapeToken = value[0];
        }
        return null;
    }

    // Same expression as BuildKit's reDirective.
    [GeneratedRegex(@"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex DirectiveRegex();
}
