using Pipeline.Python;
using Pipeline.Python.Audit;
using Pipeline.Packaging;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Benchmarks;

/// <summary>What went over the upstream link during one run, as the upstream's own access log saw it.</summary>
/// <param name="Bytes">Response body bytes sent (pages and wheels, every attempt).</param>
/// <param name="Requests">Requests answered.</param>
/// <param name="NeededBytes">Sizes of the distinct wheels fetched: what one perfect client would have had to download.</param>
/// <param name="Downloads">Wheel GETs answered 200 or 206.</param>
/// <param name="Truncated">Wheel downloads that ended before the whole file was sent (cut off, or the client gave up).</param>
/// <param name="Retries">Downloads of a wheel whose previous download was truncated.</param>
/// <param name="Resumes">Range requests answered 206 (a download continued where it broke off).</param>
/// <param name="RepeatDownloads">Whole downloads of a wheel already downloaded whole in the same run (e.g. parallel builds without a shared cache).</param>
/// <param name="CudaBytes">Bytes of CUDA wheels sent (nvidia-*, triton, torch's CUDA build).</param>
/// <param name="PeakConnections">Most wheel downloads in flight at once.</param>
public sealed record UpstreamTraffic(
    long Bytes, int Requests, long NeededBytes, int Downloads, int Truncated, int Retries, int Resumes,
    int RepeatDownloads, long CudaBytes, int PeakConnections);

/// <summary>Turns access log entries into <see cref="UpstreamTraffic"/>. Pure.</summary>
public static class UpstreamMeter
{
    private static readonly TargetPlatform Linux = TargetPlatform.LinuxX86_64();

    /// <summary>
    /// Measures <paramref name="entries"/> (the slice of the log one run produced). <paramref name="wheelSizes"/> maps
    /// <c>index/file name</c> to the wheel's size, for needed bytes and for telling a whole download from a cut one.
    /// </summary>
    public static UpstreamTraffic Measure(IReadOnlyList<AccessLogEntry> entries, IReadOnlyDictionary<string, long> wheelSizes)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(wheelSizes);
        var downloads = entries
            .Where(e => e.Method == "GET" && e.Status is 200 or 206)
            .Select(e => (Entry: e, Key: WheelKey(e.Path)))
            .Where(d => d.Key is not null)
            .OrderBy(d => d.Entry.Time - d.Entry.Duration)
            .ToList();

        long needed = 0, cuda = 0;
        int truncated = 0, retries = 0, resumes = 0, repeats = 0;
        var lastWasTruncated = new Dictionary<string, bool>();
        var whole = new HashSet<string>();
        foreach (var (entry, key) in downloads)
        {
            var size = wheelSizes.TryGetValue(key!, out var s) ? s : (long?)null;
            if (lastWasTruncated.TryGetValue(key!, out var wasCut))
            {
                if (wasCut) retries++;
            }
            else
            {
                needed += size ?? entry.BytesSent;
            }
            if (entry.Status == 206) resumes++;
            var cut = entry.Status == 200 && size is { } full && entry.BytesSent < full;
            if (cut) truncated++;
            if (entry.Status == 200 && !cut && !whole.Add(key!)) repeats++;
            lastWasTruncated[key!] = cut;
            if (IsCuda(key!)) cuda += entry.BytesSent;
        }

        return new UpstreamTraffic(
            entries.Sum(e => e.BytesSent), entries.Count, needed, downloads.Count, truncated, retries, resumes, repeats, cuda,
            PeakOverlap(downloads.Select(d => (d.Entry.Time - d.Entry.Duration, d.Entry.Time))));
    }

    /// <summary><c>index/file name</c> for a wheel path (<c>/{index}/files/{wheel}</c>, percent-encoded); null for anything else.</summary>
    public static string? WheelKey(string path)
    {
        var query = path.IndexOf('?');
        var parts = (query >= 0 ? path[..query] : path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [var index, "files", var file]) return null;
        var name = Uri.UnescapeDataString(file);
        return name.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) ? $"{index}/{name}" : null;
    }

    /// <summary>True when the wheel (<c>index/file</c>) is part of the CUDA payload on Linux.</summary>
    public static bool IsCuda(string key)
    {
        var wheel = WheelFileName.TryParse(key[(key.LastIndexOf('/') + 1)..]);
        return wheel is not null && CudaClassifier.Classify(wheel.Distribution, wheel.Version, Linux) == AuditVerdict.Cuda;
    }

    private static int PeakOverlap(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        // Ends sort before starts at the same instant: back-to-back downloads on one connection are not overlap.
        var events = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, peak = 0;
        foreach (var (_, delta) in events) peak = Math.Max(peak, current += delta);
        return peak;
    }
}
