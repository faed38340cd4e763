using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Packaging;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// Reads a wheelhouse folder into a <see cref="ServedIndex"/>: groups wheels by project, hashes them and
/// pulls <c>Requires-Python</c> and the PEP 658 metadata out of each wheel. Hashes are cached per
/// (path, size, time) so rescanning after a change only reads new files.
/// </summary>
internal sealed class WheelhouseScanner
{
    private readonly ConcurrentDictionary<string, ServedFile> _cache = new(StringComparer.Ordinal);

    /// <summary>Scans <paramref name="directory"/> (top level only) for <c>.whl</c> files.</summary>
    public async Task<ServedIndex> ScanAsync(string name, string directory, CancellationToken ct)
    {
        var files = new List<(WheelFileName Name, ServedFile File)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.whl").Order(StringComparer.Ordinal))
        {
            if (WheelFileName.TryParse(Path.GetFileName(path)) is not { } wheelName)
                continue;
            files.Add((wheelName, await DescribeAsync(path, wheelName, ct).ConfigureAwait(false)));
        }
        var projects = files
            .GroupBy(f => f.Name.Project, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ServedProject(g.Key, g.Select(f => f.File).OrderBy(f => f.FileName, StringComparer.Ordinal).ToList()), StringComparer.Ordinal);
        return new ServedIndex(name, directory, projects);
    }

    private async Task<ServedFile> DescribeAsync(string path, WheelFileName wheelName, CancellationToken ct)
    {
        var info = new FileInfo(path);
        var key = $"{path}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        if (_cache.TryGetValue(key, out var cached))
            return cached;

        string sha;
        await using (var stream = File.OpenRead(path))
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
        var metadata = ReadCoreMetadata(path);
        var served = new ServedFile(
            Path.GetFileName(path),
            path,
            wheelName.Version,
            info.Length,
            sha,
            metadata is null ? null : CoreMetadataField(metadata, "Requires-Python"),
            metadata,
            metadata is null ? null : Convert.ToHexStringLower(SHA256.HashData(metadata)),
            new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
        _cache[key] = served;
        return served;
    }

    /// <summary>The bytes of <c>*.dist-info/METADATA</c> at the wheel's top level, or null if absent or unreadable.</summary>
    public static byte[]? ReadCoreMetadata(string wheelPath)
    {
        try
        {
            using var zip = ZipFile.OpenRead(wheelPath);
            var entry = zip.Entries.FirstOrDefault(e =>
                e.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1);
            if (entry is null)
                return null;
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            return null; // not a zip: still served, just without metadata
        }
    }

    /// <summary>The first value of a header field in core metadata (RFC 822 style, headers end at a blank line).</summary>
    public static string? CoreMetadataField(byte[] metadata, string field)
    {
        foreach (var line in Encoding.UTF8.GetString(metadata).Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
                break;
            var colon = trimmed.IndexOf(':');
            if (colon > 0 && trimmed[..colon].Equals(field, StringComparison.OrdinalIgnoreCase))
                return trimmed[(colon + 1)..].Trim();
        }
        return null;
    }
}
