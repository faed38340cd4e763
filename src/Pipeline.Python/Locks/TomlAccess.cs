using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Pipeline.Python.Locks;

/// <summary>Reads TOML text into Tomlyn's model and gives typed, error-reporting access to its values.</summary>
internal static class TomlAccess
{
    /// <summary>Parses TOML; an invalid document becomes <see cref="PythonInputException"/> with the file and line.</summary>
    public static TomlTable Parse(string text, string path) => Parse(text, path, out _);

    /// <summary>
    /// Parses and validates TOML, also returning the syntax tree (line spans). Validation is what rejects duplicate
    /// keys and tables defined twice: the model deserializer alone accepts them silently, keeping one value.
    /// </summary>
    public static TomlTable Parse(string text, string path, out DocumentSyntax syntax)
    {
        try
        {
            syntax = SyntaxParser.Parse(text, path, validate: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tomlyn's lexer throws (ArgumentOutOfRangeException), instead of reporting it, when a '\\' is the file's
            // last character; any other throw from the parser is bad input too, and still one line.
            throw new PythonInputException(path, text.AsSpan().Count('\n') + 1, text.EndsWith('\\')
                ? "invalid TOML: the file ends inside an escape ('\\' is its last character)"
                : "invalid TOML: " + e.Message.Split('\n')[0], e);
        }
        // The parser lists its own errors before the lexer's: the first in the document is the cause.
        var error = syntax.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error)
            .OrderBy(d => d.Span.Start.Line).ThenBy(d => d.Span.Start.Column).FirstOrDefault();
        if (error is not null)
            throw new PythonInputException(path, error.Span.Start.Line + 1, $"invalid TOML: {error.Message}");
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = path })
                   ?? throw new PythonInputException(path, 0, "expected a TOML document, found nothing");
        }
        catch (TomlException e) when (e.Diagnostics?.FirstOrDefault() is { } first)
        {
            // Not expected once validation passed; still one line with file:line.
            throw new PythonInputException(path, first.Span.Start.Line + 1, $"invalid TOML: {first.Message}", e);
        }
    }

    /// <summary>1-based line of each <c>[[name]]</c> table-array header, in document order.</summary>
    public static IReadOnlyList<int> TableArrayLines(DocumentSyntax syntax, string name) =>
        syntax.Tables.OfType<TableArraySyntax>()
            .Where(t => string.Join('.', t.Name!.ToString()!.Split('.').Select(p => p.Trim().Trim('"', '\''))) == name)
            .Select(t => t.Span.Start.Line + 1)
            .ToList();

    public static string? String(TomlTable table, string key) => table.TryGetValue(key, out var v) ? v as string : null;

    public static string RequiredString(TomlTable table, string key, string path, string context, int line = 0) =>
        String(table, key) ?? throw new PythonInputException(path, line, $"{context}: expected a string '{key}'");

    public static long? Long(TomlTable table, string key) => table.TryGetValue(key, out var v) && v is long l ? l : null;

    public static TomlTable? Table(TomlTable table, string key) => table.TryGetValue(key, out var v) ? v as TomlTable : null;

    /// <summary>Array of tables written either as <c>[[x]]</c> or as an inline array of inline tables.</summary>
    public static IEnumerable<TomlTable> Tables(TomlTable table, string key)
    {
        if (!table.TryGetValue(key, out var v))
            return [];
        return v switch
        {
            TomlTableArray ta => ta,
            TomlArray a => a.OfType<TomlTable>(),
            TomlTable t => [t],
            _ => [],
        };
    }

    public static IEnumerable<string> Strings(TomlTable table, string key) =>
        table.TryGetValue(key, out var v) && v is TomlArray a ? a.OfType<string>() : [];
}
