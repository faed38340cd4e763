using System.Net;
using System.Security.Cryptography;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>Files through the proxy: store, single flight, resume, verification, offline, cross-instance locking.</summary>
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
}
