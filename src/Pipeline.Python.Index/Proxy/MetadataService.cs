using System.Security.Cryptography;
using Pipeline.IO;
using Pipeline.Python.Index.Serving;
using Polly;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// PEP 658 metadata for every wheel, without downloading wheels: from the store's copy of the wheel when it is
/// there, else the upstream's <c>.metadata</c> file when it offers one, else Range reads of the remote zip; an
/// upstream that ignores Range makes it fetch the wheel into the store (the only case that costs the whole file).
/// </summary>
internal sealed class MetadataService(HttpClient http, FileStore store, FileFetcher fetcher, ProxyCounters counters,
    PackageProxyOptions options, ResiliencePipeline pipeline, Serilog.ILogger log)
{
    public async Task<byte[]> GetAsync(UpstreamFile file, CancellationToken ct)
    {
        var key = FileStore.KeyOf(file);
        var path = store.MetadataPath(key);
        if (File.Exists(path))
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);

        byte[]? metadata;
        if (store.Has(key))
        {
            metadata = WheelhouseScanner.ReadCoreMetadata(store.FilePath(key));
        }
        else if (options.Offline)
        {
            throw new OfflineMissException($"offline: metadata of {file.FileName} (sha256 {file.Sha256 ?? "unknown"}) is not in the package cache {store.Root}");
        }
        else if (file.UpstreamMetadata)
        {
            metadata = await pipeline.ExecuteAsync(async token => await FetchMetadataFileAsync(file, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        else if (file.Size is { } size && size <= options.WholeWheelForMetadataBelow)
        {
            metadata = await ReadFromWholeWheelAsync(file, key, ct).ConfigureAwait(false);
        }
        else
        {
            try
            {
                metadata = await pipeline.ExecuteAsync(async token =>
                    await Task.Run(() => CoreMetadataReader.Read(http, file.Url, counters, token), token).ConfigureAwait(false), ct).ConfigureAwait(false);
                Interlocked.Increment(ref counters.MetadataFromRanges);
            }
            catch (RangeNotSupportedException e)
            {
                log.Warning("{Reason}: fetching the whole wheel for its metadata", e.Message);
                metadata = await ReadFromWholeWheelAsync(file, key, ct).ConfigureAwait(false);
            }
        }
        if (metadata is null)
            throw new UpstreamFailedException($"{file.FileName}: no .dist-info/METADATA in the wheel");
        await AtomicFile.WriteAllBytesAsync(path, metadata, null, ct).ConfigureAwait(false);
        return metadata;
    }

    private async Task<byte[]?> ReadFromWholeWheelAsync(UpstreamFile file, string key, CancellationToken ct)
    {
        var download = fetcher.GetOrStart(file);
        await download.Finished.WaitAsync(ct).ConfigureAwait(false);
        if (download.Snapshot() is { State: DownloadState.Failed, Error: { } error })
            throw error;
        return WheelhouseScanner.ReadCoreMetadata(store.FilePath(key));
    }

    private async Task<byte[]> FetchMetadataFileAsync(UpstreamFile file, CancellationToken ct)
    {
        using var response = await http.GetAsync(file.Url + ".metadata", ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status >= 500 || status is 429 or 408)
            throw new UpstreamTransientException($"{file.FileName}.metadata: the upstream answered {status}");
        if (!response.IsSuccessStatusCode)
            throw new UpstreamFailedException($"{file.FileName}.metadata: the upstream answered {status}");
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        Interlocked.Add(ref counters.UpstreamBytes, bytes.Length);
        if (file.MetadataSha256 is { } expected && Convert.ToHexStringLower(SHA256.HashData(bytes)) != expected.ToLowerInvariant())
            throw new UpstreamTransientException($"{file.FileName}.metadata: sha256 does not match the index's {expected}");
        return bytes;
    }
}
