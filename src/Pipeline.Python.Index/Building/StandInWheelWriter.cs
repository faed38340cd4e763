using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Python.Index.Catalog;

namespace Pipeline.Python.Index.Building;

/// <summary>
/// Writes one stand-in wheel as a byte-for-byte reproducible zip: fixed entry order, fixed timestamps,
/// stored (uncompressed) entries, so the same catalogue entry always gives the same sha256.
/// </summary>
internal static class StandInWheelWriter
{
    /// <summary>Zip timestamps before 1980 are invalid; every entry gets this one.</summary>
    private static readonly DateTimeOffset FixedTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Approximate bytes a stored zip entry adds besides its data (local + central headers).</summary>
    private const int EntryOverhead = 30 + 46;

    /// <summary>Wheel-relative path of the filler file.</summary>
    public static string PayloadPath(CatalogueEntry entry) => $"{entry.Module}/_standin_payload.bin";

    /// <summary>
    /// Writes the wheel for <paramref name="entry"/> to <paramref name="destination"/> (a seekable stream).
    /// The filler is sized so the whole wheel weighs about <paramref name="targetBytes"/>.
    /// </summary>
    public static async Task WriteAsync(Stream destination, CatalogueEntry entry, long targetBytes, ulong seed, int chunkSize, CancellationToken ct)
    {
        var distInfo = WheelMetadata.DistInfoFolder(entry);
        var texts = StandInSources.For(entry)
            .Append(($"{distInfo}/METADATA", WheelMetadata.Metadata(entry)))
            .Append(($"{distInfo}/WHEEL", WheelMetadata.Wheel(entry)))
            .Select(f => (f.Item1, Bytes: Encoding.UTF8.GetBytes(f.Item2)))
            .ToList();
        var payloadPath = PayloadPath(entry);
        var recordPath = $"{distInfo}/RECORD";
        var overhead = texts.Sum(t => t.Bytes.Length + EntryOverhead + 2 * t.Item1.Length)
                       + EntryOverhead + 2 * payloadPath.Length
                       + EntryOverhead + 2 * recordPath.Length + 120 * (texts.Count + 2) + 22;
        var payloadBytes = Math.Max(0, targetBytes - overhead);

        var record = new StringBuilder();
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in texts)
            {
                await WriteEntryAsync(zip, path, bytes, ct).ConfigureAwait(false);
                record.Append(WheelMetadata.RecordLine(path, SHA256.HashData(bytes), bytes.Length));
            }

            var payloadEntry = CreateEntry(zip, payloadPath);
            await using (var stream = payloadEntry.Open())
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using var hashing = new HashingWriteStream(stream, hash);
                await new PayloadGenerator(seed, $"{entry.Name}=={entry.FullVersion}")
                    .WriteAsync(hashing, payloadBytes, chunkSize, ct).ConfigureAwait(false);
                record.Append(WheelMetadata.RecordLine(payloadPath, hash.GetHashAndReset(), payloadBytes));
            }

            record.Append($"{recordPath},,\n");
            await WriteEntryAsync(zip, recordPath, Encoding.UTF8.GetBytes(record.ToString()), ct).ConfigureAwait(false);
        }
    }

    private static ZipArchiveEntry CreateEntry(ZipArchive zip, string path)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
        entry.LastWriteTime = FixedTime;
        entry.ExternalAttributes = Convert.ToInt32("100644", 8) << 16; // regular file, rw-r--r--
        return entry;
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string path, byte[] bytes, CancellationToken ct)
    {
        await using var stream = CreateEntry(zip, path).Open();
        await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
    }
}
