using System.Net;
using Pipeline.Packaging;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// A caching pull-through proxy in front of a main index and a CPU torch index, on 127.0.0.1. It serves
/// <c>/main/simple/</c>, <c>/cpu/simple/</c> and <c>/routed/simple/</c> (the CPU projects from the CPU upstream
/// only, everything else from the main one only); files come from a content-addressed store shared across
/// processes, downloaded once, resumed with Range when cut off, verified before they are kept; PEP 658 metadata
/// is served for every wheel. Start it with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class PackageProxy : IAsyncDisposable
{
    /// <summary>URL segment of the main upstream's view.</summary>
    public const string MainView = "main";

    /// <summary>URL segment of the CPU upstream's view.</summary>
    public const string CpuView = "cpu";

    /// <summary>URL segment of the routed view.</summary>
    public const string RoutedView = "routed";

    private readonly IndexHost _host;
    private readonly ProxyCore _core;
    private readonly CancellationTokenSource _stopping;
    private readonly Serilog.ILogger _log;

    private PackageProxy(IndexHost host, ProxyCore core, CancellationTokenSource stopping, PackageProxyOptions options, Serilog.ILogger log)
    {
        _host = host;
        _core = core;
        _stopping = stopping;
        Options = options;
        _log = log;
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:3141/</c>.</summary>
    public Uri BaseUrl => _host.BaseUrl;

    /// <summary>The port actually bound.</summary>
    public int Port => BaseUrl.Port;

    /// <summary>The routed index: CPU projects from the CPU upstream, the rest from the main one. What builds and locks use.</summary>
    public Uri RoutedIndexUrl => new(BaseUrl, $"{RoutedView}/simple/");

    /// <summary>The main upstream through the proxy.</summary>
    public Uri MainIndexUrl => new(BaseUrl, $"{MainView}/simple/");

    /// <summary>The CPU upstream through the proxy; null when there is none.</summary>
    public Uri? CpuIndexUrl => Options.CpuIndexUrl is null ? null : new Uri(BaseUrl, $"{CpuView}/simple/");

    /// <summary>Every request answered so far.</summary>
    public AccessLog AccessLog => _host.AccessLog;

    /// <summary>The options the proxy runs with.</summary>
    public PackageProxyOptions Options { get; }

    /// <summary>The proxy's parts (for tests).</summary>
    internal ProxyCore Core => _core;

    /// <summary>Traffic and cache figures so far.</summary>
    public ProxyStats Stats => _core.Counters.Snapshot(AccessLog.BytesSent);

    /// <summary>Key/value lines for a build summary: URLs, mode, store and <see cref="Stats"/>.</summary>
    public IReadOnlyDictionary<string, string> Notes => new Dictionary<string, string>(Stats.Notes)
    {
        ["Proxy"] = $"{RoutedIndexUrl} ({(Options.Offline ? "offline" : $"main {Options.MainIndexUrl}, cpu {Options.CpuIndexUrl?.ToString() ?? "none"}")})",
        ["Package cache"] = _core.Store.Root,
    };

    /// <summary>Validates the options, opens the store, binds the port and starts serving.</summary>
    /// <exception cref="IndexOptionsException">Invalid options, or the port is taken.</exception>
    public static async Task<PackageProxy> StartAsync(PackageProxyOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
            throw new IndexOptionsException(new Pipeline.IO.Options.OptionsValidationException(problems).Message);
        var address = options.BindAllInterfaces ? IPAddress.Any
            : IPAddress.TryParse(options.BindAddress, out var parsed) ? parsed
            : throw new IndexOptionsException($"Proxy options: bind address '{options.BindAddress}' is not an IP address");
        var log = (options.Logger ?? Serilog.Log.Logger).ForContext<PackageProxy>();

        var stopping = new CancellationTokenSource();
        var core = new ProxyCore(options, log, stopping.Token);
        var accessLog = new AccessLog(options.AccessLogPath);
        var metering = new MeteringMiddleware(null, 0, 64 * 1024, TimeProvider.System, accessLog);
        var host = await IndexHost.StartAsync(address, options.Port, accessLog, metering, web => ProxyEndpoints.Map(web, core), () =>
        {
            core.Dispose();
            stopping.Dispose();
        }, ct).ConfigureAwait(false);
        var proxy = new PackageProxy(host, core, stopping, options, log);
        log.Information("Package proxy at {Url} ({Mode}); store {Store}", proxy.RoutedIndexUrl,
            options.Offline ? "offline" : $"main {options.MainIndexUrl}, cpu {options.CpuIndexUrl?.ToString() ?? "none"}, CPU projects {string.Join(", ", options.CpuProjects)}",
            core.Store.Root);
        return proxy;
    }

    /// <summary>
    /// Fetches files into the store ahead of the builds that need them, over <paramref name="connections"/>
    /// connections, biggest first (so the longest download starts first). Each URL is a file URL of this proxy's
    /// pages (e.g. <c>/main/files/{project}/{file}</c>). Returns how many of them are now in the store.
    /// </summary>
    public async Task<int> PrefetchAsync(IEnumerable<Uri> fileUrls, int connections, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var files = new List<UpstreamFile>();
        foreach (var url in fileUrls)
        {
            var segments = (url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString).Trim('/').Split('/');
            if (segments is not [var view, "files", var project, var name] || _core.UpstreamOf(view) is not { } upstream)
                throw new ArgumentException($"'{url}' is not a file URL of this proxy (expected /main/files/{{project}}/{{file}})", nameof(fileUrls));
            var file = await _core.Pages.FindFileAsync(upstream, project, Uri.UnescapeDataString(name), ct).ConfigureAwait(false)
                ?? throw new ArgumentException($"'{url}': {upstream.Root} lists no such file", nameof(fileUrls));
            files.Add(file);
        }
        return await PrefetchFilesAsync(files, connections, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches the files a lock pins (project and sha256, e.g. from <c>--hash=sha256:</c>) into the store, each from
    /// the upstream the routed index takes its project from, over <paramref name="connections"/> connections,
    /// biggest first. A pin no page lists is logged and skipped. Returns how many pinned files are now in the store.
    /// </summary>
    public Task<int> PrefetchPinnedAsync(IEnumerable<PinnedFile> pins, int connections, CancellationToken ct) =>
        PrefetchPinnedAsync(pins, connections, null, ct);

    /// <inheritdoc cref="PrefetchPinnedAsync(IEnumerable{PinnedFile}, int, CancellationToken)"/>
    /// <param name="pins">The files to fetch.</param>
    /// <param name="connections">Downloads at once.</param>
    /// <param name="progress">Told about each file fetched, about once a second while it runs and once when it ends (a terminal's live rows).</param>
    /// <param name="ct">Stops the prefetch.</param>
    public async Task<int> PrefetchPinnedAsync(IEnumerable<PinnedFile> pins, int connections, IProgress<PrefetchFileProgress>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var files = new List<UpstreamFile>();
        foreach (var group in pins.GroupBy(p => ProjectName.Normalize(p.Project), StringComparer.Ordinal))
        {
            var upstream = _core.Route(RoutedView, group.Key)!;
            var page = await _core.Pages.GetAsync(upstream, group.Key, ct).ConfigureAwait(false);
            foreach (var pin in group.DistinctBy(p => p.Sha256.ToLowerInvariant()))
            {
                if (page.Files.FirstOrDefault(f => string.Equals(f.Sha256, pin.Sha256, StringComparison.OrdinalIgnoreCase)) is { } file)
                    files.Add(file);
                else
                    _log.Warning("Prefetch: {Upstream} lists no file of {Project} with sha256 {Sha256}", upstream.Root, group.Key, pin.Sha256);
            }
        }
        return await PrefetchFilesAsync(files, connections, ct, progress).ConfigureAwait(false);
    }

    private async Task<int> PrefetchFilesAsync(List<UpstreamFile> files, int connections, CancellationToken ct, IProgress<PrefetchFileProgress>? progress = null)
    {
        var stored = 0;
        using var slots = new SemaphoreSlim(connections);
        var running = new List<Task>();
        // Started strictly biggest first (a parallel loop would start its first N in any order, and the first
        // download started takes the ranged-part connections); each holds a slot until its file is complete.
        foreach (var file in files.OrderByDescending(f => f.Size ?? 0))
        {
            if (_core.Store.Has(FileStore.KeyOf(file)))
            {
                stored++;
                continue;
            }
            await slots.WaitAsync(ct).ConfigureAwait(false);
            var download = _core.Fetcher.GetOrStart(file);
            running.Add(WaitAsync(download));
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        _log.Information("Prefetch: {Stored} of {Files} files in the store", stored, files.Count);
        return stored;

        async Task WaitAsync(Download download)
        {
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                // A row a second while bytes arrive (the view redraws elapsed times itself), then the outcome.
                while (progress is not null && !download.Finished.IsCompleted)
                {
                    Report(download, clock.Elapsed);
                    await Task.WhenAny(download.Finished, Task.Delay(TimeSpan.FromSeconds(1), ct)).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                }
                await download.Finished.WaitAsync(ct).ConfigureAwait(false);
                if (download.Snapshot().State == DownloadState.Completed)
                    Interlocked.Increment(ref stored);
                if (progress is not null) Report(download, clock.Elapsed);
            }
            finally
            {
                slots.Release();
            }
        }

        void Report(Download download, TimeSpan elapsed)
        {
            var view = download.Snapshot();
            var state = view.State switch
            {
                DownloadState.Completed => PrefetchFileState.Done,
                DownloadState.Failed => PrefetchFileState.Failed,
                _ => PrefetchFileState.Running,
            };
            progress!.Report(new PrefetchFileProgress(download.File.FileName, view.Available, view.Length ?? download.File.Size, download.Parts, elapsed, state));
        }
    }

    /// <summary>Stops serving, cancels downloads in progress (their partial files are deleted) and closes the access log.</summary>
    public ValueTask DisposeAsync() => _host.StopAsync(_stopping.CancelAsync, () =>
    {
        _core.Dispose();
        _stopping.Dispose();
        _log.Information("Package proxy stopped: {Upstream} bytes from upstream, {Served} served, {Hits}/{Requests} file hits",
            Stats.UpstreamBytes, Stats.BytesServed, Stats.FileHits, Stats.FileHits + Stats.FileMisses);
    });
}

/// <summary>A file a lock pins: the project it belongs to and its sha256 (hex).</summary>
/// <param name="Project">Project name (any spelling; normalised).</param>
/// <param name="Sha256">The file's sha256 as the lock's <c>--hash=sha256:</c> gives it.</param>
public sealed record PinnedFile(string Project, string Sha256);

/// <summary>The proxy's parts, shared by the endpoints.</summary>
internal sealed class ProxyCore : IDisposable
{
    private readonly HttpClient _http;

    public ProxyCore(PackageProxyOptions options, Serilog.ILogger log, CancellationToken stopping)
    {
        Options = options;
        Log = log;
        Main = Upstream.Of(PackageProxy.MainView, options.MainIndexUrl, options.PageNamespace);
        Cpu = options.CpuIndexUrl is { } cpu ? Upstream.Of(PackageProxy.CpuView, cpu, options.PageNamespace) : null;
        CpuProjects = options.CpuProjects.Select(ProjectName.Normalize).ToHashSet(StringComparer.Ordinal);
        Store = new FileStore(options.PackageCache);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // stalls and the deadline are the pipeline's
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("pipeline-package-proxy/1");
        Fetcher = new FileFetcher(_http, Store, Counters, options, log, stopping);
        Pages = new PageCache(_http, Store, Counters, options, Fetcher.Pipeline, TimeProvider.System, log);
        Metadata = new MetadataService(_http, Store, Fetcher, Counters, options, Fetcher.Pipeline, log);
    }

    public PackageProxyOptions Options { get; }

    public Serilog.ILogger Log { get; }

    public ProxyCounters Counters { get; } = new();

    public Upstream Main { get; }

    public Upstream? Cpu { get; }

    public IReadOnlySet<string> CpuProjects { get; }

    public FileStore Store { get; }

    public FileFetcher Fetcher { get; }

    public PageCache Pages { get; }

    public MetadataService Metadata { get; }

    /// <summary>The upstream a view takes <paramref name="project"/> from (routed: by the CPU project list).</summary>
    public Upstream? Route(string view, string project) => view switch
    {
        PackageProxy.RoutedView => CpuProjects.Contains(project) ? Cpu : Main,
        _ => UpstreamOf(view),
    };

    public Upstream? UpstreamOf(string view) => view switch
    {
        PackageProxy.MainView => Main,
        PackageProxy.CpuView => Cpu,
        _ => null,
    };

    public void Dispose() => _http.Dispose();
}
