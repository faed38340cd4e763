using Tomlyn;
using Tomlyn.Model;

namespace Pipeline.Python.Locks;

/// <summary>Reads TOML text into Tomlyn's model and gives typed, error-reporting access to its values.</summary>
internal static class TomlAccess
{
    /// <summary>Parses TOML; a syntax error becomes <see cref="PythonInputException"/> with the file and line.</summary>
    public static TomlTable Parse(string text, string path)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = path })
                   ?? throw new PythonInputException(path, 0, "expected a TOML document, found nothing");
        }
        catch (TomlException e)
        {
            var first = e.Message.Split('\n')[0];
            var at = first.IndexOf(" : error : ", StringComparison.Ordinal);
            var problem = at >= 0 ? first[(at + 11)..] : first;
            throw new PythonInputException(path, e.Line ?? 0, $"invalid TOML: {problem}", e);
        }
    }

    public static string? String(TomlTable table, string key) => table.TryGetValue(key, out var v) ? v as string : null;

    public static string RequiredString(TomlTable table, string key, string path, string context) =>
        String(table, key) ?? throw new PythonInputException(path, 0, $"{context}: expected a string '{key}'");

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
