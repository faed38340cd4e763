using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.IO;

namespace Pipeline.Verify.History;

/// <summary>
/// Reads and writes the size history as JSON (<c>{"version":1,"images":{reference:{current,previous}}}</c>).
/// A missing file is an empty history; a corrupt one is a clear error naming file:line.
/// </summary>
internal static class SizeHistoryStore
{
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Loads the history at <paramref name="path"/>; empty when the file does not exist.</summary>
    /// <exception cref="VerifyConfigurationException">The file is not a size history.</exception>
    public static async Task<SizeHistory> LoadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) return new SizeHistory();
        var text = await File.ReadAllTextAsync(path, ct);
        try
        {
            var document = JsonSerializer.Deserialize<Document>(text, Json);
            if (document is null || document.Version != FormatVersion || document.Images is null)
                throw new VerifyConfigurationException($"{path}:1: expected a size history with \"version\": {FormatVersion} and \"images\" (delete the file to start over)");
            // JSON that parses can still lack what the deltas read later ({"x":{}} or {"x":null}): refuse it here, by name.
            foreach (var (reference, entry) in document.Images)
            {
                var problem = Problem(entry);
                if (problem is not null)
                    throw new VerifyConfigurationException(
                        $"{path}:{LineOf(text, reference)}: image {JsonSerializer.Serialize(reference)}: {problem} (delete the file to start over)");
            }
            return new SizeHistory(document.Images);
        }
        catch (JsonException e)
        {
            throw new VerifyConfigurationException(
                $"{path}:{(e.LineNumber ?? 0) + 1}: not valid size-history JSON ({e.Message.Split('.')[0]}); delete the file to start over", e);
        }
    }

    private static string? Problem(SizeHistoryEntry? entry)
    {
        if (entry is null) return "expected an object with \"current\"";
        if (entry.Current is null) return "expected \"current\" with \"imageId\" and \"sizeBytes\"";
        return Problem("current", entry.Current) ?? (entry.Previous is null ? null : Problem("previous", entry.Previous));
    }

    private static string? Problem(string name, SizeRecord record) =>
        string.IsNullOrEmpty(record.ImageId) ? $"\"{name}\" has no \"imageId\""
        : record.SizeBytes < 0 ? $"\"{name}\".\"sizeBytes\" is negative"
        : null;

    // The line of the reference's key, for the error (the serializer does not report where a valid value sits).
    private static int LineOf(string text, string reference)
    {
        var at = text.IndexOf(JsonSerializer.Serialize(reference), StringComparison.Ordinal);
        return at < 0 ? 1 : text.AsSpan(0, at).Count('\n') + 1;
    }

    /// <summary>Writes the history atomically (temp file, then rename).</summary>
    public static Task SaveAsync(string path, SizeHistory history, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(path, JsonSerializer.Serialize(new Document(FormatVersion, history.Entries), Json), ct);

    private sealed record Document(int Version, IReadOnlyDictionary<string, SizeHistoryEntry>? Images);
}
