using System.Globalization;
using Pipeline.IO;

namespace Pipeline.Python.Index.Proxy;

/// <summary>What a proxy did so far: traffic on both sides, downloads and how the store answered.</summary>
public sealed record ProxyStats
{
    /// <summary>Bytes read from the upstreams (pages, files, metadata and range reads).</summary>
    public long UpstreamBytes { get; init; }

    /// <summary>Response body bytes sent to clients.</summary>
    public long BytesServed { get; init; }

    /// <summary>Files downloaded into the store (complete and verified).</summary>
    public int FilesFetched { get; init; }

    /// <summary>Downloads that resumed with a Range request after a cut-off or stall.</summary>
    public int FilesResumed { get; init; }

    /// <summary>Retried upstream attempts (files and pages).</summary>
    public int Retries { get; init; }

    /// <summary>File requests answered from the store.</summary>
    public int FileHits { get; init; }

    /// <summary>File requests that needed the upstream (joined in-flight downloads included).</summary>
    public int FileMisses { get; init; }

    /// <summary>Downloads whose sha256 did not match the index (never served).</summary>
    public int HashMismatches { get; init; }

    /// <summary>Pages fetched in full from an upstream.</summary>
    public int PagesFetched { get; init; }

    /// <summary>Pages revalidated with 304 Not Modified.</summary>
    public int PagesRevalidated { get; init; }

    /// <summary>Metadata files served (PEP 658).</summary>
    public int MetadataServed { get; init; }

    /// <summary>Metadata read from a remote wheel's zip with Range requests.</summary>
    public int MetadataFromRanges { get; init; }

    /// <summary>File hits ÷ file requests (0 when there were none).</summary>
    public double HitRatio => FileHits + FileMisses == 0 ? 0 : (double)FileHits / (FileHits + FileMisses);

    /// <summary>Key/value lines for a build summary.</summary>
    public IReadOnlyDictionary<string, string> Notes => new Dictionary<string, string>
    {
        ["Proxy upstream bytes"] = ByteSize.Format(UpstreamBytes),
        ["Proxy bytes served"] = ByteSize.Format(BytesServed),
        ["Proxy files"] = string.Create(CultureInfo.InvariantCulture,
            $"{FilesFetched} fetched, {FilesResumed} resumed, {Retries} retries, {FileHits} hits / {FileHits + FileMisses} ({HitRatio:P0})"),
        ["Proxy pages"] = string.Create(CultureInfo.InvariantCulture, $"{PagesFetched} fetched, {PagesRevalidated} revalidated (304)"),
        ["Proxy metadata"] = string.Create(CultureInfo.InvariantCulture, $"{MetadataServed} served, {MetadataFromRanges} read with Range"),
    };
}

/// <summary>The live counters behind <see cref="ProxyStats"/>.</summary>
internal sealed class ProxyCounters
{
    public long UpstreamBytes;
    public int FilesFetched;
    public int FilesResumed;
    public int Retries;
    public int FileHits;
    public int FileMisses;
    public int HashMismatches;
    public int PagesFetched;
    public int PagesRevalidated;
    public int MetadataServed;
    public int MetadataFromRanges;

    public ProxyStats Snapshot(long bytesServed) => new()
    {
        UpstreamBytes = Interlocked.Read(ref UpstreamBytes),
        BytesServed = bytesServed,
        FilesFetched = Volatile.Read(ref FilesFetched),
        FilesResumed = Volatile.Read(ref FilesResumed),
        Retries = Volatile.Read(ref Retries),
        FileHits = Volatile.Read(ref FileHits),
        FileMisses = Volatile.Read(ref FileMisses),
        HashMismatches = Volatile.Read(ref HashMismatches),
        PagesFetched = Volatile.Read(ref PagesFetched),
        PagesRevalidated = Volatile.Read(ref PagesRevalidated),
        MetadataServed = Volatile.Read(ref MetadataServed),
        MetadataFromRanges = Volatile.Read(ref MetadataFromRanges),
    };
}
