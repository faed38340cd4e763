using System.Text.Json;

namespace Pipeline.Python.Pip;

/// <summary>One package pip would install, from its <c>--report</c> JSON.</summary>
/// <param name="Name">Distribution name (<c>metadata.name</c>).</param>
/// <param name="Version">Version (<c>metadata.version</c>).</param>
/// <param name="Url">Where pip downloads it (<c>download_info.url</c>).</param>
/// <param name="Sha256">Archive hash (<c>download_info.archive_info.hashes.sha256</c>), null for VCS/directories.</param>
/// <param name="IsDirect">True when requested by URL rather than found on an index.</param>
internal sealed record PipResolvedPackage(string Name, string Version, string Url, string? Sha256, bool IsDirect);

/// <summary>Reads pip's installation report (<c>pip install --dry-run --report</c>, format version 1). Pure.</summary>
internal static class PipReport
{
    /// <summary>Parses the report JSON; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<PipResolvedPackage> Parse(string json, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PythonInputException(path, (int)(e.LineNumber ?? -1) + 1, $"invalid pip report JSON: {e.Message.Split('.')[0]}", e);
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("install", out var install) || install.ValueKind != JsonValueKind.Array)
                throw new PythonInputException(path, 0, "not a pip installation report: expected an 'install' array");
            var result = new List<PipResolvedPackage>();
            foreach (var item in install.EnumerateArray())
            {
                var metadata = Get(item, "metadata", path);
                var download = Get(item, "download_info", path);
                string? sha = null;
                if (download.TryGetProperty("archive_info", out var archive))
                {
                    if (archive.TryGetProperty("hashes", out var hashes) && hashes.TryGetProperty("sha256", out var s))
                        sha = s.GetString();
                    else if (archive.TryGetProperty("hash", out var h) && h.GetString() is { } legacy && legacy.StartsWith("sha256=", StringComparison.Ordinal))
                        sha = legacy[7..];
                }
                result.Add(new PipResolvedPackage(
                    GetString(metadata, "name", path),
                    GetString(metadata, "version", path),
                    GetString(download, "url", path),
                    sha,
                    item.TryGetProperty("is_direct", out var d) && d.ValueKind == JsonValueKind.True));
            }
            return result;
        }
    }

    private static JsonElement Get(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) ? v : throw new PythonInputException(path, 0, $"pip report entry lacks '{name}'");

    private static string GetString(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.GetString() is { } s ? s : throw new PythonInputException(path, 0, $"pip report entry lacks string '{name}'");
}
