using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// Gets files into the store. One download per file however many clients ask (single flight in the process, a
/// lock file across processes); a cut-off or stalled transfer resumes with <c>Range</c> + <c>If-Range</c> under a
/// Polly pipeline (bounded attempts, exponential backoff with jitter, overall deadline); the sha256 is checked
/// before the file is renamed into the store.
/// </summary>
internal sealed class FileFetcher
{
    private const int BufferBytes = 64 * 1024;
    private static readonly TimeSpan OtherProcessPoll = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, Lazy<Download>> _inFlight = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly FileStore _store;
    private readonly ProxyCounters _counters;
    private readonly PackageProxyOptions _options;
    private readonly Serilog.ILogger _log;
    private readonly CancellationToken _stopping;
    private readonly ResiliencePipeline _pipeline;

    public FileFetcher(HttpClient http, FileStore store, ProxyCounters counters, PackageProxyOptions options, Serilog.ILogger log, CancellationToken stopping)
    {
        _http = http;
        _store = store;
        _counters = counters;
        _options = options;
        _log = log;
        _stopping = stopping;
        _pipeline = BuildPipeline(options, counters, log);
    }

    /// <summary>Retries transient upstream failures; the outer timeout is the deadline of all attempts together.</summary>
    public static ResiliencePipeline BuildPipeline(PackageProxyOptions options, ProxyCounters counters, Serilog.ILogger log)
    {
        var builder = new ResiliencePipelineBuilder().AddTimeout(options.Deadline);
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<StallException>()
                    .Handle<UpstreamTransientException>(),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    Interlocked.Increment(ref counters.Retries);
                    log.Warning("Upstream attempt {Attempt} failed ({Reason}); retrying in {Delay:0.0} s",
                        args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay.TotalSeconds);
                    return default;
                },
            });
        }
        return builder.Build();
    }

    public ResiliencePipeline Pipeline => _pipeline;

    /// <summary>The running download of <paramref name="file"/>, started if none runs.</summary>
    public Download GetOrStart(UpstreamFile file)
    {
        var key = FileStore.KeyOf(file);
        var lazy = _inFlight.GetOrAdd(key, k => new Lazy<Download>(() =>
        {
            var download = new Download(file, k);
            _ = Task.Run(() => RunAsync(download));
            return download;
        }));
        return lazy.Value;
    }

    private async Task RunAsync(Download download)
    {
        try
        {
            FileStream? held;
            while ((held = _store.TryLock(download.Key)) is null)
            {
                // Another process is downloading it: its verified file appears by rename when done.
                if (_store.Has(download.Key))
                    break;
                await Task.Delay(OtherProcessPoll, _stopping).ConfigureAwait(false);
            }
            using (held)
            {
                var final = _store.FilePath(download.Key);
                if (_store.Has(download.Key))
                {
                    download.Complete(final, new FileInfo(final).Length);
                    return;
                }
                await DownloadAsync(download).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (_stopping.IsCancellationRequested)
        {
            download.Fail(e); // the proxy is stopping: not worth an error line
        }
        catch (Exception e)
        {
            var error = e is TimeoutRejectedException
                ? new UpstreamFailedException($"{download.File.FileName}: not complete within the {_options.Deadline.TotalSeconds:0} s deadline")
                : e;
            _log.Error("Download of {File} failed: {Error}", download.File.FileName, error.Message);
            download.Fail(error);
        }
        finally
        {
            _inFlight.TryRemove(download.Key, out _);
        }
    }

    private async Task DownloadAsync(Download download)
    {
        var file = download.File;
        var temp = _store.NewTempPath(download.Key);
        download.Started(temp, file.Size);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long written = 0;
        var resumed = false;
        EntityTagHeaderValue? etag = null;
        DateTimeOffset? lastModified = null;
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous))
            {
                await _pipeline.ExecuteAsync(async token =>
                {
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(token);
                    stall.CancelAfter(_options.StallTimeout);
                    using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
                    if (written > 0)
                    {
                        request.Headers.Range = new RangeHeaderValue(written, null);
                        // If-Range: a file that changed upstream comes back whole (200) instead of a wrong tail.
                        if (etag is { IsWeak: false })
                            request.Headers.IfRange = new RangeConditionHeaderValue(etag);
                        else if (lastModified is { } date)
                            request.Headers.IfRange = new RangeConditionHeaderValue(date);
                    }
                    HttpResponseMessage response;
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        throw new StallException($"{file.FileName}: no answer for {_options.StallTimeout.TotalSeconds:0.#} s");
                    }
                    using (response)
                    {
                        var skip = Accept(response, file, written, ref etag, ref lastModified, download);
                        if (written > 0 && skip == 0 && !resumed)
                        {
                            resumed = true;
                            Interlocked.Increment(ref _counters.FilesResumed);
                        }
                        await using var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
                        var buffer = new byte[BufferBytes];
                        while (true)
                        {
                            int read;
                            try
                            {
                                read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException) when (!token.IsCancellationRequested)
                            {
                                throw new StallException($"{file.FileName}: no byte for {_options.StallTimeout.TotalSeconds:0.#} s after {written} bytes");
                            }
                            if (read == 0)
                                break;
                            stall.CancelAfter(_options.StallTimeout);
                            Interlocked.Add(ref _counters.UpstreamBytes, read);
                            var chunk = buffer.AsMemory(0, read);
                            if (skip > 0)
                            {
                                // The upstream ignored Range (200, same validator): drop what is already here.
                                var dropped = (int)Math.Min(skip, read);
                                skip -= dropped;
                                chunk = chunk[dropped..];
                                if (chunk.IsEmpty)
                                    continue;
                            }
                            await output.WriteAsync(chunk, token).ConfigureAwait(false);
                            await output.FlushAsync(token).ConfigureAwait(false);
                            hash.AppendData(chunk.Span);
                            written += chunk.Length;
                            download.Progress(written);
                        }
                        if (download.Snapshot().Length is { } length && written < length)
                            throw new UpstreamTransientException($"{file.FileName}: the body ended after {written} of {length} bytes");
                    }
                }, _stopping).ConfigureAwait(false);
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (file.Sha256 is { } expected && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _counters.HashMismatches);
                throw new HashMismatchException($"{file.FileName}: downloaded sha256 {actual} does not match the index's {expected}; not stored, not served");
            }
            var final = _store.Commit(temp, download.Key);
            Interlocked.Increment(ref _counters.FilesFetched);
            _log.Debug("Stored {File} ({Bytes} bytes{Resumed})", file.FileName, written, resumed ? ", resumed" : "");
            download.Complete(final, written);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Checks one response against the download so far; returns how many leading body bytes to drop.</summary>
    private static long Accept(HttpResponseMessage response, UpstreamFile file, long written,
        ref EntityTagHeaderValue? etag, ref DateTimeOffset? lastModified, Download download)
    {
        var status = (int)response.StatusCode;
        if (status is 404 or 410)
            throw new UpstreamNotFoundException($"{file.FileName}: the upstream answered {status} for {file.Url}");
        if (status >= 500 || status == 429 || status == 408)
            throw new UpstreamTransientException($"{file.FileName}: the upstream answered {status}");
        var responseTag = response.Headers.ETag;
        if (etag is not null && responseTag is not null && !responseTag.Equals(etag) && written > 0)
            throw new UpstreamFailedException($"{file.FileName}: changed upstream during the download (ETag {etag} → {responseTag})");
        etag ??= responseTag;
        lastModified ??= response.Content.Headers.LastModified;

        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != written)
                throw new UpstreamTransientException($"{file.FileName}: asked for bytes from {written}, got range {range}");
            if (range.Length is { } total)
                download.LengthKnown(total);
            return 0;
        }
        if (response.StatusCode != HttpStatusCode.OK)
            throw new UpstreamFailedException($"{file.FileName}: the upstream answered {status} for {file.Url}");
        if (response.Content.Headers.ContentLength is { } length)
            download.LengthKnown(length);
        return written;
    }
}
