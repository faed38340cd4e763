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
    private int _freeExtraConnections;

    public FileFetcher(HttpClient http, FileStore store, ProxyCounters counters, PackageProxyOptions options, Serilog.ILogger log, CancellationToken stopping)
    {
        _http = http;
        _store = store;
        _counters = counters;
        _options = options;
        _log = log;
        _stopping = stopping;
        _pipeline = BuildPipeline(options, counters, log);
        _freeExtraConnections = options.FileConnections;
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

    /// <summary>Raised when a download starts (not when a request joins one): lets tests act while it is in flight.</summary>
    internal event Action<Download>? DownloadStarting;

    /// <summary>The running download of <paramref name="file"/>, started if none runs.</summary>
    public Download GetOrStart(UpstreamFile file)
    {
        var key = FileStore.KeyOf(file);
        var lazy = _inFlight.GetOrAdd(key, k => new Lazy<Download>(() =>
        {
            var download = new Download(file, k);
            DownloadStarting?.Invoke(download);
            // Parts are planned here, in the order downloads are asked for, so the biggest file a prefetch starts
            // first gets the pool's extra connections, not whichever download's task happens to run first.
            var parts = PlanParts(file.Size);
            download.Parts = Math.Max(1, parts.Count);
            _ = Task.Run(() => RunAsync(download, parts));
            return download;
        }));
        return lazy.Value;
    }

    private async Task RunAsync(Download download, List<Part> parts)
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
                await DownloadAsync(download, parts).ConfigureAwait(false);
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
            ReleaseExtraConnections(parts.Count - 1);
            _inFlight.TryRemove(download.Key, out _);
        }
    }

    private async Task DownloadAsync(Download download, List<Part> parts)
    {
        var file = download.File;
        var temp = _store.NewTempPath(download.Key);
        download.Started(temp, file.Size);
        var transfer = new Transfer(download, parts);
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous))
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(_stopping))
            {
                // A part that fails for good stops the others: the file cannot be completed.
                async Task Fetch(Part part)
                {
                    try
                    {
                        await FetchPartAsync(transfer, part, handle, failed.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        await failed.CancelAsync().ConfigureAwait(false);
                        throw;
                    }
                }

                var fetches = new List<Task> { Fetch(transfer.Parts[0]) };
                if (transfer.Parts.Count > 1)
                {
                    // The other parts start once the first answered 206: an upstream without Range sends the whole
                    // file to the first part instead, and the others are never asked.
                    await Task.WhenAny(transfer.RangesServed, fetches[0]).ConfigureAwait(false);
                    if (transfer.RangesServed.IsCompletedSuccessfully && transfer.RangesServed.Result)
                        fetches.AddRange(transfer.Parts.Skip(1).Select(Fetch));
                }
                try
                {
                    await Task.WhenAll(fetches).ConfigureAwait(false);
                }
                catch when (fetches.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } cause
                            && !_stopping.IsCancellationRequested)
                {
                    // The part that failed, not a sibling it cancelled.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
                }
            }

            string actual;
            await using (var written = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan))
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, _stopping).ConfigureAwait(false));
            if (file.Sha256 is { } expected && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _counters.HashMismatches);
                throw new HashMismatchException($"{file.FileName}: downloaded sha256 {actual} does not match the index's {expected}; not stored, not served");
            }
            var length = transfer.Available();
            var final = _store.Commit(temp, download.Key);
            Interlocked.Increment(ref _counters.FilesFetched);
            _log.Debug("Stored {File} ({Bytes} bytes{Parts}{Resumed})", file.FileName, length,
                transfer.Parts.Count > 1 ? $", {transfer.Parts.Count} ranged parts" : "", transfer.Resumed ? ", resumed" : "");
            download.Complete(final, length);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>
    /// The byte ranges a file is fetched in: one open part unless its size is known and at least two
    /// <see cref="PackageProxyOptions.RangedPartBytes"/>, then as many parts as the shared pool of extra connections
    /// allows, up to <see cref="PackageProxyOptions.FileConnections"/> (taken here, given back when the download ends).
    /// </summary>
    private List<Part> PlanParts(long? size)
    {
        var wanted = size is { } s ? (int)Math.Min(_options.FileConnections, s / _options.RangedPartBytes) : 1;
        var extra = 0;
        while (extra < wanted - 1)
        {
            var free = Volatile.Read(ref _freeExtraConnections);
            if (free == 0)
                break;
            if (Interlocked.CompareExchange(ref _freeExtraConnections, free - 1, free) == free)
                extra++;
        }
        if (extra == 0)
            return [new Part(0, null)];
        var total = size!.Value;
        var count = extra + 1;
        return Enumerable.Range(0, count)
            .Select(i => new Part(total * i / count, total * (i + 1) / count - 1))
            .ToList();
    }

    private void ReleaseExtraConnections(int count) => Interlocked.Add(ref _freeExtraConnections, count);

    /// <summary>
    /// Fetches one part into its place in the file under the retry pipeline: a cut-off or stalled attempt resumes
    /// where the part stopped (<c>Range</c> + <c>If-Range</c>), so every byte crosses the link about once.
    /// </summary>
    private async Task FetchPartAsync(Transfer transfer, Part part, Microsoft.Win32.SafeHandles.SafeFileHandle handle, CancellationToken ct)
    {
        var file = transfer.Download.File;
        await _pipeline.ExecuteAsync(async token =>
        {
            if (part.Done)
                return;
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(token);
            stall.CancelAfter(_options.StallTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
            var position = part.Position;
            if (position > 0 || part.To is not null)
            {
                request.Headers.Range = new RangeHeaderValue(position, part.To);
                // If-Range: a file that changed upstream comes back whole (200) instead of a wrong tail.
                if (position > 0 || part.From > 0)
                    transfer.SetIfRange(request);
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
                var skip = Accept(response, transfer, part);
                if (part.Written > 0 && skip == 0)
                    transfer.MarkResumed(_counters);
                await using var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
                var buffer = new byte[BufferBytes];
                while (part.Remaining is not 0)
                {
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        throw new StallException($"{file.FileName}: no byte for {_options.StallTimeout.TotalSeconds:0.#} s after {part.Position} bytes");
                    }
                    if (read == 0)
                        break;
                    stall.CancelAfter(_options.StallTimeout);
                    Interlocked.Add(ref _counters.UpstreamBytes, read);
                    var chunk = buffer.AsMemory(0, read);
                    if (skip > 0)
                    {
                        // The upstream ignored Range (200, same validator): drop what is not this part's.
                        var dropped = (int)Math.Min(skip, read);
                        skip -= dropped;
                        chunk = chunk[dropped..];
                        if (chunk.IsEmpty)
                            continue;
                    }
                    if (part.Remaining is { } remaining && chunk.Length > remaining)
                        chunk = chunk[..(int)remaining];
                    await RandomAccess.WriteAsync(handle, chunk, part.Position, token).ConfigureAwait(false);
                    transfer.Progress(part, chunk.Length);
                }
                if (part.Remaining is > 0 || (part.To is null && transfer.Download.Snapshot().Length is { } length && part.Position < length))
                    throw new UpstreamTransientException($"{file.FileName}: the body ended after {part.Position} of {(part.To is { } to ? to + 1 : transfer.Download.Snapshot().Length)} bytes");
                part.Finish();
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Checks one response against the part so far; returns how many leading body bytes to drop.</summary>
    private static long Accept(HttpResponseMessage response, Transfer transfer, Part part)
    {
        var file = transfer.Download.File;
        var status = (int)response.StatusCode;
        if (status is 404 or 410)
            throw new UpstreamNotFoundException($"{file.FileName}: the upstream answered {status} for {file.Url}");
        if (status >= 500 || status == 429 || status == 408)
            throw new UpstreamTransientException($"{file.FileName}: the upstream answered {status}");
        transfer.CheckValidator(response);

        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != part.Position)
                throw new UpstreamTransientException($"{file.FileName}: asked for bytes from {part.Position}, got range {range}");
            if (range.Length is { } total)
                transfer.Download.LengthKnown(total);
            transfer.RangesAnswered(true);
            return 0;
        }
        if (response.StatusCode != HttpStatusCode.OK)
            throw new UpstreamFailedException($"{file.FileName}: the upstream answered {status} for {file.Url}");
        if (response.Content.Headers.ContentLength is { } length)
            transfer.Download.LengthKnown(length);
        if (part.From == 0 && part.Written == 0 && transfer.RangesAnswered(false))
            part.OpenEnd(); // no Range support: this part takes the whole file, the others are never started
        return part.Position;
    }

    /// <summary>One byte range of a file: [From, To], or from From to the end when To is null.</summary>
    private sealed class Part(long from, long? to)
    {
        public long From => from;

        public long? To { get; private set; } = to;

        public long Written;

        public bool Done { get; private set; }

        public long Position => from + Volatile.Read(ref Written);

        /// <summary>Bytes still to come when the end is known.</summary>
        public long? Remaining => To is { } end ? end + 1 - Position : null;

        public void OpenEnd() => To = null;

        public void Finish() => Done = true;
    }

    /// <summary>A download's parts and what they share: the validator, whether ranges work, the contiguous prefix.</summary>
    private sealed class Transfer(Download download, List<Part> parts)
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource<bool> _rangesServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private EntityTagHeaderValue? _etag;
        private DateTimeOffset? _lastModified;
        private int _resumed;

        public Download Download => download;

        public List<Part> Parts => parts;

        /// <summary>True once a part got 206, false once the first got 200 to its first request.</summary>
        public Task<bool> RangesServed => _rangesServed.Task;

        public bool Resumed => Volatile.Read(ref _resumed) != 0;

        public bool RangesAnswered(bool served) => _rangesServed.TrySetResult(served) || !served && !_rangesServed.Task.Result;

        public void MarkResumed(ProxyCounters counters)
        {
            if (Interlocked.Exchange(ref _resumed, 1) == 0)
                Interlocked.Increment(ref counters.FilesResumed);
        }

        public void SetIfRange(HttpRequestMessage request)
        {
            lock (_gate)
            {
                if (_etag is { IsWeak: false } etag)
                    request.Headers.IfRange = new RangeConditionHeaderValue(etag);
                else if (_lastModified is { } date)
                    request.Headers.IfRange = new RangeConditionHeaderValue(date);
            }
        }

        /// <summary>Every response of the file must carry the validator of the first (parts of one version only).</summary>
        public void CheckValidator(HttpResponseMessage response)
        {
            var tag = response.Headers.ETag;
            lock (_gate)
            {
                if (_etag is not null && tag is not null && !tag.Equals(_etag) && parts.Any(p => Volatile.Read(ref p.Written) > 0))
                    throw new UpstreamFailedException($"{download.File.FileName}: changed upstream during the download (ETag {_etag} → {tag})");
                _etag ??= tag;
                _lastModified ??= response.Content.Headers.LastModified;
            }
        }

        public void Progress(Part part, int bytes)
        {
            // Under the lock so the prefix waiters see only grows, whichever part reports last.
            lock (_gate)
            {
                Interlocked.Add(ref part.Written, bytes);
                download.Progress(Available());
            }
        }

        /// <summary>Bytes from the start of the file that are all here: what waiters may stream.</summary>
        public long Available()
        {
            long available = 0;
            foreach (var part in parts)
            {
                available = part.Position;
                if (part.Remaining is not 0)
                    break;
            }
            return available;
        }
    }
}
