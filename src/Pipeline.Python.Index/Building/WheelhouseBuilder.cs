using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.IO;
using Pipeline.Python.Index.Catalog;

namespace Pipeline.Python.Index.Building;

/// <summary>
/// Builds real, pip-installable stand-in wheels for every catalogue entry into one folder per index.
/// Deterministic (same catalogue and options → same bytes) and incremental (a wheel whose inputs and
/// file hash are unchanged is not rewritten).
/// </summary>
public static class WheelhouseBuilder
{
    /// <summary>Bumped whenever the wheel layout changes, so older wheelhouses are rebuilt rather than reused.</summary>
    public const string LayoutVersion = "1";

    /// <summary>Builds (or brings up to date) the wheelhouse described by <paramref name="catalogue"/>.</summary>
    public static async Task<WheelhouseResult> BuildAsync(Catalogue catalogue, WheelhouseOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        Pipeline.IO.Options.OptionsValidator.Validate(options);
        var log = (options.Logger ?? Serilog.Log.Logger).ForContext(typeof(WheelhouseBuilder));
        var indexes = SelectIndexes(catalogue, options.Indexes);
        var root = Path.GetFullPath(options.OutputDirectory);
        var directories = indexes.ToDictionary(i => i, i => Path.Combine(root, i), StringComparer.Ordinal);
        foreach (var directory in directories.Values)
            Directory.CreateDirectory(directory);

        var manifest = await BuildManifest.LoadAsync(root, ct).ConfigureAwait(false);
        var produced = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<WheelhouseRow>();
        foreach (var entry in catalogue.Entries)
        {
            string? builtThisRun = null;
            foreach (var index in entry.Indexes.Where(directories.ContainsKey))
            {
                var fileName = WheelMetadata.FileName(entry);
                var key = $"{index}/{fileName}";
                var path = Path.Combine(directories[index], fileName);
                var target = TargetBytes(entry, options.ScaleFactor);
                var input = Fingerprint(entry, target, options.Seed);
                produced.Add(key);

                if (manifest.Wheels.TryGetValue(key, out var known) && known.Input == input
                    && await HasHashAsync(path, known, ct).ConfigureAwait(false))
                {
                    rows.Add(new WheelhouseRow(index, fileName, known.Bytes, known.Sha256, Built: false));
                    continue;
                }

                if (builtThisRun is not null)
                    await CopyAtomicallyAsync(builtThisRun, path, ct).ConfigureAwait(false);
                else
                    await AtomicFile.WriteAsync(path, (s, token) => StandInWheelWriter.WriteAsync(s, entry, target, options.Seed, options.WriteChunkBytes, token), backupSuffix: null, ct).ConfigureAwait(false);
                builtThisRun ??= path;

                var sha = await Sha256OfFileAsync(path, ct).ConfigureAwait(false);
                var bytes = new FileInfo(path).Length;
                manifest.Wheels[key] = new ManifestWheel(input, sha, bytes);
                rows.Add(new WheelhouseRow(index, fileName, bytes, sha, Built: true));
                log.Debug("Built stand-in wheel {Index}/{File} ({Bytes} bytes)", index, fileName, bytes);
            }
        }

        var pruned = options.PruneStaleWheels ? Prune(manifest, produced, directories, root) : [];
        await manifest.SaveAsync(root, ct).ConfigureAwait(false);

        var result = new WheelhouseResult
        {
            Rows = rows,
            IndexDirectories = directories,
            Pruned = pruned,
            Notes = new Dictionary<string, string>(),
        };
        var perIndex = string.Join(", ", result.BytesPerIndex.Select(p => $"{p.Key} {p.Value / 1e6:0.0} MB"));
        log.Information("Wheelhouse {Root}: {Built} wheels built, {Skipped} unchanged ({PerIndex})", root, result.Built, result.Skipped, perIndex);
        return result with
        {
            Notes = new Dictionary<string, string>
            {
                ["Wheelhouse"] = root,
                ["Catalogue"] = catalogue.Name,
                ["Scale"] = options.ScaleFactor.ToString(CultureInfo.InvariantCulture),
                ["Wheels"] = $"{result.Built} built, {result.Skipped} unchanged, {pruned.Count} pruned",
                ["Bytes per index"] = perIndex,
            },
        };
    }

    /// <summary>The size a wheel should have after scaling (at least 1 byte of filler's worth).</summary>
    public static long TargetBytes(CatalogueEntry entry, double scaleFactor) =>
        Math.Max(1, (long)Math.Round(entry.Size * scaleFactor, MidpointRounding.AwayFromZero));

    private static List<string> SelectIndexes(Catalogue catalogue, IReadOnlyCollection<string>? wanted)
    {
        if (wanted is null)
            return catalogue.Indexes.Keys.ToList();
        foreach (var name in wanted.Where(n => !catalogue.Indexes.ContainsKey(n)))
            throw new ArgumentException($"Index '{name}' is not in catalogue {catalogue.Name} (expected one of: {string.Join(", ", catalogue.Indexes.Keys)})", nameof(wanted));
        return wanted.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Hash of every input that shapes the wheel's bytes; equal fingerprints mean equal wheels.</summary>
    private static string Fingerprint(CatalogueEntry entry, long target, ulong seed)
    {
        var text = new StringBuilder()
            .Append(LayoutVersion).Append('|').Append(seed).Append('|').Append(target).Append('|')
            .Append(entry.Tag).Append('|').Append(entry.Module).Append('|')
            .Append(WheelMetadata.Metadata(entry)).Append('|').Append(WheelMetadata.Wheel(entry));
        foreach (var (path, source) in StandInSources.For(entry))
            text.Append('|').Append(path).Append('|').Append(source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static async Task<bool> HasHashAsync(string path, ManifestWheel known, CancellationToken ct) =>
        File.Exists(path) && new FileInfo(path).Length == known.Bytes
        && await Sha256OfFileAsync(path, ct).ConfigureAwait(false) == known.Sha256;

    internal static async Task<string> Sha256OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private static Task CopyAtomicallyAsync(string source, string path, CancellationToken ct) =>
        AtomicFile.WriteAsync(path, async (destination, token) =>
        {
            await using var input = File.OpenRead(source);
            await input.CopyToAsync(destination, token).ConfigureAwait(false);
        }, backupSuffix: null, ct);

    private static List<string> Prune(BuildManifest manifest, HashSet<string> produced, Dictionary<string, string> directories, string root)
    {
        var pruned = new List<string>();
        foreach (var key in manifest.Wheels.Keys.Where(k => !produced.Contains(k)).ToList())
        {
            var index = key[..key.IndexOf('/')];
            if (!directories.ContainsKey(index))
                continue; // an index not built this run keeps its wheels
            var path = Path.Combine(root, key);
            if (File.Exists(path)) File.Delete(path);
            manifest.Wheels.Remove(key);
            pruned.Add(key);
        }
        return pruned;
    }
}
