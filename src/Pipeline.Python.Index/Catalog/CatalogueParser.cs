using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Packaging;

namespace Pipeline.Python.Index.Catalog;

/// <summary>
/// Turns catalogue JSON into a validated <see cref="Catalogue"/>. Pure (text in, model out) so every
/// rejection can be unit-tested; each rejection names the file and the line of the offending entry.
/// </summary>
public static partial class CatalogueParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CatalogueException">Invalid JSON or an entry that breaks a rule.</exception>
    public static Catalogue Parse(string json, string source)
    {
        var bytes = Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF'));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new CatalogueException(source, (int)(ex.LineNumber ?? 0) + 1, $"invalid JSON: {FirstSentence(ex.Message)}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CatalogueException(source, 1, "expected a JSON object with 'name', 'indexes' and 'packages'");
            var name = RequiredString(root, "name", source, 1);
            var indexes = ParseIndexes(root, source);
            if (!root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Array)
                throw new CatalogueException(source, 1, "expected a 'packages' array");

            var lines = PackageLines(bytes);
            var entries = new List<CatalogueEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var element in packages.EnumerateArray())
            {
                var line = i < lines.Count ? lines[i] : 1;
                var entry = ParseEntry(element, source, line, indexes);
                foreach (var index in entry.Indexes)
                {
                    var key = $"{index}/{ProjectName.Normalize(entry.Name)}=={entry.FullVersion}";
                    if (!seen.Add(key))
                        throw new CatalogueException(source, line, $"duplicate entry {entry.Name} {entry.FullVersion} on index '{index}'");
                }
                entries.Add(entry);
                i++;
            }
            return new Catalogue { Name = name, Source = source, Indexes = indexes, Entries = entries };
        }
    }

    private static Dictionary<string, string> ParseIndexes(JsonElement root, string source)
    {
        if (!root.TryGetProperty("indexes", out var element) || element.ValueKind != JsonValueKind.Object)
            throw new CatalogueException(source, 1, "expected an 'indexes' object mapping index name to description, e.g. {\"pypi\": \"PyPI-like\"}");
        var indexes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!IndexName().IsMatch(property.Name))
                throw new CatalogueException(source, 1, $"index name '{property.Name}' must be lower-case letters, digits or '-' (it becomes a URL segment)");
            indexes[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : "";
        }
        if (indexes.Count == 0)
            throw new CatalogueException(source, 1, "'indexes' must name at least one index");
        return indexes;
    }

    private static CatalogueEntry ParseEntry(JsonElement e, string source, int line, IReadOnlyDictionary<string, string> indexes)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new CatalogueException(source, line, "expected a package object");

        var name = RequiredString(e, "name", source, line);
        if (!ProjectName.IsValid(name))
            throw new CatalogueException(source, line, $"'{name}' is not a valid distribution name (letters, digits, '.', '_', '-')");
        var version = RequiredString(e, "version", source, line);
        if (!PublicVersion().IsMatch(version))
            throw new CatalogueException(source, line, $"{name}: version '{version}' is not a PEP 440 public version (e.g. 2.5.1, 0.64b0, 2.9.0.post0)");
        var local = OptionalString(e, "local", source, line);
        if (local is not null && !LocalLabel().IsMatch(local))
            throw new CatalogueException(source, line, $"{name}: local label '{local}' must be letters/digits separated by '.' (e.g. cpu, cu124)");

        var entryIndexes = StringList(e, "indexes", source, line);
        if (entryIndexes.Count == 0)
            throw new CatalogueException(source, line, $"{name}: 'indexes' must list at least one of: {string.Join(", ", indexes.Keys)}");
        foreach (var index in entryIndexes.Where(x => !indexes.ContainsKey(x)))
            throw new CatalogueException(source, line, $"{name}: index '{index}' is not declared in 'indexes' (expected one of: {string.Join(", ", indexes.Keys)})");

        if (!e.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size <= 0)
            throw new CatalogueException(source, line, $"{name}: expected 'size' as a positive whole number of bytes (the real wheel's size)");

        var tag = OptionalString(e, "tag", source, line) ?? "py3-none-any";
        if (tag.Split('-') is not { Length: 3 } parts || parts.Any(p => p.Length == 0))
            throw new CatalogueException(source, line, $"{name}: tag '{tag}' must be python-abi-platform, e.g. py3-none-any");

        var module = OptionalString(e, "module", source, line) ?? ProjectName.ToWheelComponent(name);
        if (!ModulePath().IsMatch(module))
            throw new CatalogueException(source, line, $"{name}: module '{module}' must be a slash-separated Python import path, e.g. nvidia/cudnn");

        var torchCuda = OptionalString(e, "torch_cuda", source, line);
        if (torchCuda is not null && torchCuda != "cpu" && !CudaVersion().IsMatch(torchCuda))
            throw new CatalogueException(source, line, $"{name}: torch_cuda '{torchCuda}' must be a CUDA version like 12.4, or 'cpu'");

        return new CatalogueEntry
        {
            Name = name,
            Version = version,
            Local = local,
            Indexes = entryIndexes,
            RequiresDist = StringList(e, "requires_dist", source, line),
            RequiresPython = OptionalString(e, "requires_python", source, line),
            Size = size,
            SizeSource = RequiredString(e, "size_source", source, line),
            Tag = tag,
            Module = module,
            TorchCuda = torchCuda,
            Line = line,
        };
    }

    private static string RequiredString(JsonElement e, string property, string source, int line) =>
        OptionalString(e, property, source, line) is { Length: > 0 } value
            ? value
            : throw new CatalogueException(source, line, $"expected a non-empty string '{property}'");

    private static string? OptionalString(JsonElement e, string property, string source, int line)
    {
        if (!e.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CatalogueException(source, line, $"'{property}' must be a string, not {value.ValueKind}");
    }

    private static List<string> StringList(JsonElement e, string property, string source, int line)
    {
        if (!e.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw new CatalogueException(source, line, $"'{property}' must be an array of strings");
        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>1-based line of every object in the top-level <c>packages</c> array, in order.</summary>
    private static List<int> PackageLines(byte[] bytes)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        string? property = null;
        var inPackages = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    property = reader.GetString();
                    break;
                case JsonTokenType.StartArray when reader.CurrentDepth == 1:
                    inPackages = property == "packages";
                    break;
                case JsonTokenType.EndArray when reader.CurrentDepth == 1:
                    inPackages = false;
                    break;
                case JsonTokenType.StartObject when inPackages && reader.CurrentDepth == 2:
                    lines.Add(LineAt(bytes, reader.TokenStartIndex));
                    break;
            }
        }
        return lines;
    }

    private static int LineAt(byte[] bytes, long offset)
    {
        var line = 1;
        for (long i = 0; i < offset && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') line++;
        return line;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IndexName();

    [GeneratedRegex(@"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")]
    private static partial Regex PublicVersion();

    [GeneratedRegex("^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$")]
    private static partial Regex LocalLabel();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex ModulePath();

    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex CudaVersion();
}
