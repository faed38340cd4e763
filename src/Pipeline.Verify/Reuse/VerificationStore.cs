using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.IO;
using Pipeline.Verify.Reporting;

namespace Pipeline.Verify.Reuse;

/// <summary>
/// Earlier verifications that passed, by image reference: the key they were made under (<see cref="VerificationKey"/>)
/// and their rows. One entry per reference, so the file stays small. A missing or unreadable file is an empty store:
/// it only saves time, so it never fails a run (a bad file is replaced at the end).
/// </summary>
internal sealed class VerificationStore
{
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Dictionary<string, Entry> _entries;

    private VerificationStore(Dictionary<string, Entry> entries) => _entries = entries;

    /// <summary>Loads the store at <paramref name="path"/>.</summary>
    public static async Task<VerificationStore> LoadAsync(string path, CancellationToken ct)
    {
        try
        {
            if (File.Exists(path)
                && JsonSerializer.Deserialize<Document>(await File.ReadAllTextAsync(path, ct), Json) is { Version: FormatVersion, Images: { } images })
                return new VerificationStore(new Dictionary<string, Entry>(images, StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            // an unreadable store only means nothing is reused this time
        }
        return new VerificationStore(new Dictionary<string, Entry>(StringComparer.Ordinal));
    }

    /// <summary>The rows verified for <paramref name="image"/> under <paramref name="key"/>, or null.</summary>
    public IReadOnlyList<CheckResult>? Find(string image, string key) =>
        _entries.TryGetValue(image, out var entry) && entry.Key == key && entry.Results is { Count: > 0 } results ? results : null;

    /// <summary>Records a verification; only one without failures is kept (a failure is always looked at again).</summary>
    public void Record(string image, string key, IReadOnlyList<CheckResult> results, DateTimeOffset at)
    {
        if (results.Count > 0 && results.All(r => r.Status != Checks.CheckStatus.Failed)) _entries[image] = new Entry(key, at, results.ToList());
        else _entries.Remove(image);
    }

    /// <summary>Writes the store atomically.</summary>
    public Task SaveAsync(string path, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(path, JsonSerializer.Serialize(new Document(FormatVersion, _entries), Json), ct);

    private sealed record Entry(string Key, DateTimeOffset VerifiedAt, List<CheckResult> Results);

    private sealed record Document(int Version, Dictionary<string, Entry>? Images);
}
