using System.Net;
using System.Security.Cryptography;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>Files through the proxy: store, single flight, resume, ranged parts, verification, offline, cross-instance locking, prefetch.</summary>
public sealed class ProxyFileTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task A_file_is_fetched_once_then_served_from_the_store()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        var row = wheelhouse.Row("pypi", "tqdm-");
        await h.Http.GetStringAsync("/main/simple/tqdm/");

        var first = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", row.FileName));
        var second = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", row.FileName));

        await h.StopUpstreamAsync();
        Assert.Equal(row.Sha256, Sha(first));
        Assert.Equal(row.Sha256, Sha(second));
        Assert.Single(h.UpstreamRequestsFor(row.FileName));
        Assert.True(File.Exists(Path.Combine(h.Cache.Path, "files", "sha256", row.Sha256[..2], row.Sha256)));
        var stats = h.Proxy.Stats;
        Assert.Equal((1, 1, 1), (stats.FilesFetched, stats.FileHits, stats.FileMisses));
        Assert.Equal(0.5, stats.HitRatio);
    }

    [Fact]
    public async Task Concurrent_clients_share_one_upstream_download_streamed_to_all()
    {
        // Throttled so the download is still running when the other clients ask.
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = 100_000 }));
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        var url = ProxyHarness.FileUrl("main", "nvidia-cudnn-cu12", row.FileName);

        var bodies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => h.Http.GetByteArrayAsync(url)));

        await h.StopUpstreamAsync();
        Assert.All(bodies, b => Assert.Equal(row.Sha256, Sha(b)));
        Assert.Single(h.UpstreamRequestsFor(row.FileName));
        Assert.Equal(1, h.Proxy.Stats.FilesFetched);
    }

    [Fact]
    public async Task Two_proxies_sharing_a_store_download_a_file_once()
    {
        // Two instances have separate in-process single flight: only the store's lock file keeps them to one download.
        await using var upstream = await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = 100_000 });
        using var cache = new TempDirectory("proxy-shared");
        await using var one = await PackageProxy.StartAsync(ProxyHarness.OptionsFor(upstream, cache.Path));
        await using var two = await PackageProxy.StartAsync(ProxyHarness.OptionsFor(upstream, cache.Path));
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        var path = ProxyHarness.FileUrl("main", "nvidia-cudnn-cu12", row.FileName);
        using var http = new HttpClient();

        var bodies = await Task.WhenAll(
            http.GetByteArrayAsync(new Uri(one.BaseUrl, path)),
            http.GetByteArrayAsync(new Uri(two.BaseUrl, path)));

        await upstream.DisposeAsync(); // its log is complete once it stopped
        Assert.All(bodies, b => Assert.Equal(row.Sha256, Sha(b)));
        Assert.Equal(1, upstream.AccessLog.Downloads(row.FileName));
        Assert.Equal(1, one.Stats.FilesFetched + two.Stats.FilesFetched);
    }

    [Fact]
    public async Task Cut_off_downloads_resume_with_range_and_cost_about_one_file_upstream()
    {
        var faults = new IndexFaults { Drop = 0.5, DropAfter = 0.5, Seed = 3 };
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { Faults = faults }));
        var rows = wheelhouse.Result.Rows.Where(r => r.Index == "pypi" && r.FileName.StartsWith("nvidia_", StringComparison.Ordinal)).ToList();

        foreach (var row in rows)
        {
            var project = Pipeline.Packaging.WheelFileName.TryParse(row.FileName)!.Project;
            var body = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", project, row.FileName));
            Assert.Equal(row.Sha256, Sha(body));
        }

        await h.StopUpstreamAsync();
        var stats = h.Proxy.Stats;
        Assert.True(stats.FilesResumed >= 1, "the seed cuts some of these downloads: at least one must have resumed");
        Assert.Equal(rows.Count, stats.FilesFetched);
        var wheelRequests = rows.SelectMany(r => h.UpstreamRequestsFor(r.FileName)).ToList();
        Assert.Contains(wheelRequests, e => e.Status == 206);
        var upstreamFileBytes = wheelRequests.Sum(e => e.BytesSent);
        var size = rows.Sum(r => r.Bytes);
        Assert.InRange(upstreamFileBytes, size, size + size / 20); // resumed, not restarted: ~1×, never 2×
    }

    [Fact]
    public async Task Stalled_downloads_are_cut_by_the_stall_timeout_and_resumed_without_waiting_for_the_upstream()
    {
        // Stalled transfers go silent for a minute; the proxy gives up on one after 300 ms of silence.
        var faults = new IndexFaults { Stall = 0.5, StallDuration = TimeSpan.FromSeconds(60), Seed = 5 };
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { Faults = faults }),
            o => o with { StallTimeout = TimeSpan.FromMilliseconds(300) });
        var rows = wheelhouse.Result.Rows.Where(r => r.Index == "pypi" && r.FileName.StartsWith("nvidia_", StringComparison.Ordinal)).Take(6).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        foreach (var row in rows)
        {
            var project = Pipeline.Packaging.WheelFileName.TryParse(row.FileName)!.Project;
            Assert.Equal(row.Sha256, Sha(await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", project, row.FileName))));
        }

        Assert.True(h.Proxy.Stats.FilesResumed >= 1, "the seed stalls some of these downloads: at least one must have resumed");
        Assert.True(clock.Elapsed < faults.StallDuration, $"took {clock.Elapsed.TotalSeconds:0} s: the proxy waited for a stalled upstream");
    }

    [Fact]
    public async Task A_burst_of_503s_is_retried_for_pages_and_files()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { Faults = new IndexFaults { ErrorBurst = 2 } }));
        var row = wheelhouse.Row("pypi", "tqdm-");

        var body = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", row.FileName));

        await h.StopUpstreamAsync();
        Assert.Equal(row.Sha256, Sha(body));
        Assert.Equal([503, 503, 200], h.UpstreamRequestsFor(row.FileName).Select(e => e.Status));
        Assert.Equal(4, h.Proxy.Stats.Retries); // two for the page, two for the file
    }

    [Fact]
    public async Task A_file_whose_bytes_do_not_match_the_index_hash_is_never_served_complete_nor_stored()
    {
        using var index = new TempDirectory("corrupt-index");
        var row = wheelhouse.Row("pypi", "tqdm-");
        var wheel = Path.Combine(index.Path, row.FileName);
        File.Copy(Path.Combine(wheelhouse.Root, "pypi", row.FileName), wheel);
        await using var upstream = await PackageIndexServer.StartAsync(new PackageIndexOptions { Indexes = new Dictionary<string, string> { ["pypi"] = index.Path } });
        await using var h = await ProxyHarness.StartAsync(upstream);
        await h.Http.GetStringAsync("/main/simple/tqdm/"); // the page (and its sha256) as the index scanned it
        await using (var stream = new FileStream(wheel, FileMode.Open, FileAccess.Write))
        {
            // Same size, same folder time: the index keeps announcing the old hash.
            stream.Position = row.Bytes / 2;
            stream.WriteByte(0x5A);
        }

        var received = new MemoryStream();
        var broken = await Record.ExceptionAsync(async () =>
        {
            // Broken either way: reset before the headers, a 502, or a body short of its Content-Length.
            using var response = await h.Http.GetAsync(ProxyHarness.FileUrl("main", "tqdm", row.FileName), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await response.Content.CopyToAsync(received);
        });

        Assert.NotNull(broken);
        Assert.True(received.Length < row.Bytes, $"the client received {received.Length} of {row.Bytes} bytes: a complete wrong file");
        Assert.False(File.Exists(Path.Combine(h.Cache.Path, "files", "sha256", row.Sha256[..2], row.Sha256)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(h.Cache.Path, "tmp")));
        Assert.Equal(1, h.Proxy.Stats.HashMismatches);
    }

    [Fact]
    public async Task Offline_serves_the_store_and_a_miss_names_the_file()
    {
        await using var upstream = await wheelhouse.StartServerAsync();
        using var cache = new TempDirectory("proxy-offline");
        var tqdm = wheelhouse.Row("pypi", "tqdm-");
        var numpy = wheelhouse.Row("pypi", "numpy-");
        await using (var online = await PackageProxy.StartAsync(ProxyHarness.OptionsFor(upstream, cache.Path)))
        {
            using var http = new HttpClient { BaseAddress = online.BaseUrl };
            await http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", tqdm.FileName));
            await http.GetStringAsync("/main/simple/numpy/");
        }
        var before = upstream.AccessLog.Requests;

        await using var offline = await PackageProxy.StartAsync(ProxyHarness.OptionsFor(upstream, cache.Path) with { Offline = true });
        using var client = new HttpClient { BaseAddress = offline.BaseUrl };
        var stored = await client.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", tqdm.FileName));
        using var miss = await client.GetAsync(ProxyHarness.FileUrl("main", "numpy", numpy.FileName));

        Assert.Equal(tqdm.Sha256, Sha(stored));
        Assert.Equal(HttpStatusCode.GatewayTimeout, miss.StatusCode);
        Assert.Equal($"offline: {numpy.FileName} (sha256 {numpy.Sha256}) is not in the package cache {cache.Path}\n", await miss.Content.ReadAsStringAsync());
        Assert.Equal(before, upstream.AccessLog.Requests);
    }

    [Fact]
    public async Task Prefetch_of_pinned_hashes_takes_each_project_from_its_routed_upstream()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        var cpuTorch = wheelhouse.Row("cpu", "torch-2.5.1+cpu-");
        var tqdm = wheelhouse.Row("pypi", "tqdm-");
        var cudaTorch = wheelhouse.Row("pypi", "torch-2.5.1-");

        var stored = await h.Proxy.PrefetchPinnedAsync(
            [new PinnedFile("Torch", cpuTorch.Sha256), new PinnedFile("tqdm", tqdm.Sha256), new PinnedFile("torch", cudaTorch.Sha256)],
            connections: 2, CancellationToken.None);

        await h.StopUpstreamAsync();
        Assert.Equal(2, stored); // the CUDA torch is on main only: the routed index never offers it
        Assert.Equal(1, h.Upstream.AccessLog.Downloads(cpuTorch.FileName));
        Assert.Equal(0, h.Upstream.AccessLog.Downloads(cudaTorch.FileName));
        Assert.True(File.Exists(Path.Combine(h.Cache.Path, "files", "sha256", tqdm.Sha256[..2], tqdm.Sha256)));
    }

    [Fact]
    public async Task Prefetch_fills_the_store_so_installs_are_hits()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        var rows = new[] { wheelhouse.Row("pypi", "tqdm-"), wheelhouse.Row("pypi", "numpy-") };
        var urls = rows.Select(r => new Uri(ProxyHarness.FileUrl("main", Pipeline.Packaging.WheelFileName.TryParse(r.FileName)!.Project, r.FileName), UriKind.Relative));

        var stored = await h.Proxy.PrefetchAsync(urls, connections: 2, CancellationToken.None);
        await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "numpy", rows[1].FileName));

        Assert.Equal(2, stored);
        Assert.Equal(2, h.Proxy.Stats.FilesFetched);
        Assert.Equal(1, h.Proxy.Stats.FileHits);
    }

    // Ranged parts and prefetch: a real throttled index server on 127.0.0.1, its access log the upstream's meter.

    /// <summary>Parts of 8 KiB, at most 4 per file: the test wheels (1/10000 of real sizes) are tens of KiB.</summary>
    private static PackageProxyOptions Parts(PackageProxyOptions o) => o with { FileConnections = 4, RangedPartBytes = 8 * 1024 };

    private static (DateTimeOffset Start, DateTimeOffset End) Span(Pipeline.Python.Index.Serving.AccessLogEntry e) => (e.Time - e.Duration, e.Time);

    [Fact]
    public async Task A_large_file_comes_in_ranged_parts_at_once_and_each_byte_once()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = 50_000, ThrottleBurstBytes = 1024 }), Parts);
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        Assert.True(row.Bytes >= 4 * 8 * 1024, $"the test needs a wheel of at least 32 KiB, {row.FileName} has {row.Bytes} bytes");

        var body = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "nvidia-cudnn-cu12", row.FileName));

        await h.StopUpstreamAsync();
        Assert.Equal(row.Sha256, Sha(body));
        var requests = h.UpstreamRequestsFor(row.FileName);
        Assert.Equal(4, requests.Count);
        Assert.All(requests, e => Assert.Equal(206, e.Status));
        Assert.Equal(row.Bytes, requests.Sum(e => e.BytesSent));
        // All four were on the link at the same time: the latest start is before the earliest end.
        Assert.True(requests.Max(e => Span(e).Start) < requests.Min(e => Span(e).End), "the parts were fetched one after another: " + string.Join("; ", requests.Select(e => $"{Span(e).Start:HH:mm:ss.fff}-{Span(e).End:HH:mm:ss.fff} {e.BytesSent} {e.ConnectionId}")));
        Assert.Equal(1, h.Proxy.Stats.FilesFetched);
    }

    [Fact]
    public async Task Cut_off_parts_resume_where_they_stopped()
    {
        var faults = new IndexFaults { Drop = 0.5, DropAfter = 0.5, Seed = 3 };
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { Faults = faults }), Parts);
        var rows = wheelhouse.Result.Rows.Where(r => r.Index == "pypi" && r.FileName.StartsWith("nvidia_", StringComparison.Ordinal) && r.Bytes >= 2 * 8 * 1024).ToList();
        Assert.NotEmpty(rows);

        foreach (var row in rows)
        {
            var project = Pipeline.Packaging.WheelFileName.TryParse(row.FileName)!.Project;
            Assert.Equal(row.Sha256, Sha(await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", project, row.FileName))));
        }

        await h.StopUpstreamAsync();
        Assert.True(h.Proxy.Stats.FilesResumed >= 1, "the seed cuts some of these parts: at least one file must have resumed");
        Assert.Equal(rows.Count, h.Proxy.Stats.FilesFetched);
        var size = rows.Sum(r => r.Bytes);
        var sent = rows.SelectMany(r => h.UpstreamRequestsFor(r.FileName)).Sum(e => e.BytesSent);
        Assert.InRange(sent, size, size + size / 20); // resumed, not restarted
    }

    [Fact]
    public async Task A_client_asking_for_a_file_being_prefetched_joins_that_download()
    {
        // 20 kB/s: the wheel takes seconds, so the client's request comes while the prefetch is still downloading.
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = 20_000 }));
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        var started = new TaskCompletionSource<Download>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Proxy.Core.Fetcher.DownloadStarting += d => started.TrySetResult(d);

        var prefetch = h.Proxy.PrefetchPinnedAsync([new PinnedFile("nvidia-cudnn-cu12", row.Sha256)], connections: 8, CancellationToken.None);
        var download = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var body = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "nvidia-cudnn-cu12", row.FileName));
        var stored = await prefetch;

        await h.StopUpstreamAsync();
        Assert.Equal(download.File.FileName, row.FileName);
        Assert.Equal(row.Sha256, Sha(body));
        Assert.Equal(1, stored);
        Assert.Single(h.UpstreamRequestsFor(row.FileName)); // one download over the link, shared
        var stats = h.Proxy.Stats;
        Assert.Equal((1, 0, 1), (stats.FileMisses, stats.FileHits, stats.FilesFetched)); // the client missed the store and joined
    }

    [Fact]
    public async Task Prefetch_fetches_every_pinned_file_once_biggest_first()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = 200_000 }));
        var rows = wheelhouse.Result.Rows.Where(r => r.Index == "pypi" && r.FileName.StartsWith("nvidia_", StringComparison.Ordinal)).Take(5).ToList();
        var pins = rows.Select(r => new PinnedFile(Pipeline.Packaging.WheelFileName.TryParse(r.FileName)!.Project, r.Sha256)).ToList();

        // One connection: the downloads run one after another, in the order prefetch chose.
        var stored = await h.Proxy.PrefetchPinnedAsync(pins.Concat(pins), connections: 1, CancellationToken.None);

        await h.StopUpstreamAsync();
        Assert.Equal(rows.Count, stored);
        var downloads = h.Upstream.AccessLog.Entries.Where(e => e.Path.Contains("/files/", StringComparison.Ordinal)).ToList();
        Assert.Equal(rows.Count, downloads.Count);
        Assert.Equal(rows.OrderByDescending(r => r.Bytes).Select(r => r.Bytes), downloads.Select(e => e.BytesSent));
    }

    [Fact]
    public async Task Prefetch_gives_the_ranged_part_connections_to_the_biggest_file()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = 200_000 }),
            o => o with { FileConnections = 4, RangedPartBytes = 2 * 1024 });
        // Wheels the routed view takes from the main upstream (not torch), of at least four 2 KiB parts.
        var rows = wheelhouse.Result.Rows.Where(r => r.Index == "pypi" && !r.FileName.StartsWith("torch", StringComparison.Ordinal) && r.Bytes >= 4 * 2 * 1024)
            .OrderByDescending(r => r.Bytes).Take(6).ToList();
        Assert.True(rows.Count >= 3, $"the test needs several wheels of 8 KiB or more, found {rows.Count}");
        var pins = rows.Select(r => new PinnedFile(Pipeline.Packaging.WheelFileName.TryParse(r.FileName)!.Project, r.Sha256));

        // As many downloads at once as files: all start together, and the pool of part connections (4) is taken by the first.
        var reported = new List<PrefetchFileProgress>();
        var stored = await h.Proxy.PrefetchPinnedAsync(pins, connections: rows.Count, new Collect(reported), CancellationToken.None);

        await h.StopUpstreamAsync();
        Assert.Equal(rows.Count, stored);
        var biggest = h.UpstreamRequestsFor(rows.MaxBy(r => r.Bytes)!.FileName);
        Assert.Equal(4, biggest.Count);
        Assert.All(biggest, e => Assert.Equal(206, e.Status));
        // Each file's progress row ends done, with its whole size and the parts it was fetched in.
        List<PrefetchFileProgress> last;
        lock (reported) last = reported.GroupBy(p => p.File).Select(g => g.Last()).ToList();
        Assert.Equal(rows.Select(r => r.FileName).Order(), last.Select(p => p.File).Order());
        Assert.All(last, p => Assert.Equal(PrefetchFileState.Done, p.State));
        var row = last.Single(p => p.File == rows.MaxBy(r => r.Bytes)!.FileName);
        Assert.Equal((rows.Max(r => r.Bytes), 4), (row.Bytes, row.Parts));
    }

    private sealed class Collect(List<PrefetchFileProgress> into) : IProgress<PrefetchFileProgress>
    {
        public void Report(PrefetchFileProgress value)
        {
            lock (into) into.Add(value);
        }
    }
}
