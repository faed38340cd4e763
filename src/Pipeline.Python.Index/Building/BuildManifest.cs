using System.Text.Json;
using Pipeline.IO;

namespace Pipeline.Python.Index.Building;

/// <summary>
/// What the builder wrote last time (per wheel: the fingerprint of its inputs and the file's sha256), kept
/// in the wheelhouse so a rebuild can skip unchanged wheels and prune only files it made itself.
/// </summary>
internal sealed class BuildManifest
{
    public const string FileName = ".pipeline-wheelhouse.json";

    /// <summary>Key: <c>index/file.whl</c>.</summary>
    public Dictionary<string, ManifestWheel> Wheels { get; set; } = new(StringComparer.Ordinal);

    public static async Task<BuildManifest> LoadAsync(string root, CancellationToken ct)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
            return new BuildManifest();
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<BuildManifest>(stream, cancellationToken: ct).ConfigureAwait(false) ?? new BuildManifest();
        }
        catch (JsonException)
        {
            return new BuildManifest(); // a damaged manifest only costs a full rebuild
        }
    }

    public Task SaveAsync(string root, CancellationToken ct) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(root, FileName), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }), ct);
}

/// <summary>One built wheel in the manifest.</summary>
internal sealed record ManifestWheel(string Input, string Sha256, long Bytes);
