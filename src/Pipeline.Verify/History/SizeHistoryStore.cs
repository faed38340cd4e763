using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.IO;

namespace Pipeline.Verify.History;

/// <summary>
/// Reads and writes the size history as JSON (<c>{"version":1,"images":{reference:{current,previous}}}</c>).
/// A missing file is an empty history; a corrupt one is a clear error naming file:line.
/// </summary>
public static class SizeHistoryStore
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
        await using var stream = File.OpenRead(path);
        try
        {
            var document = await JsonSerializer.DeserializeAsync<Document>(stream, Json, ct);
            if (document is null || document.Version != FormatVersion || document.Images is null)
                throw new VerifyConfigurationException($"{path}:1: expected a size history with \"version\": {FormatVersion} and \"images\" (delete the file to start over)");
            return new SizeHistory(document.Images);
        }
        catch (JsonException e)
        {
            throw new VerifyConfigurationException(
                $"{path}:{(e.LineNumber ?? 0) + 1}: not valid size-history JSON ({e.Message.Split('.')[0]}); delete the file to start over", e);
        }
    }

    /// <summary>Writes the history atomically (temp file, then rename).</summary>
    public static Task SaveAsync(string path, SizeHistory history, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(path, JsonSerializer.Serialize(new Document(FormatVersion, history.Entries), Json), ct);

    private sealed record Document(int Version, IReadOnlyDictionary<string, SizeHistoryEntry>? Images);
}
