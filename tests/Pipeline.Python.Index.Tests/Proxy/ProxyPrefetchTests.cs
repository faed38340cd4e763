using System.Security.Cryptography;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Tests.Support;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>
/// Large files in ranged parts over several connections, and prefetch sharing its downloads with clients, against a
/// real throttled index server on 127.0.0.1 (its access log is the upstream's meter).
/// </summary>
public sealed class ProxyPrefetchTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

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
            var project = Pipeline.Python.Index.Naming.WheelFileName.TryParse(row.FileName)!.Project;
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
        var pins = rows.Select(r => new PinnedFile(Pipeline.Python.Index.Naming.WheelFileName.TryParse(r.FileName)!.Project, r.Sha256)).ToList();

        // One connection: the downloads run one after another, in the order prefetch chose.
        var stored = await h.Proxy.PrefetchPinnedAsync(pins.Concat(pins), connections: 1, CancellationToken.None);

        await h.StopUpstreamAsync();
        Assert.Equal(rows.Count, stored);
        var downloads = h.Upstream.AccessLog.Entries.Where(e => e.Path.Contains("/files/", StringComparison.Ordinal)).ToList();
        Assert.Equal(rows.Count, downloads.Count);
        Assert.Equal(rows.OrderByDescending(r => r.Bytes).Select(r => r.Bytes), downloads.Select(e => e.BytesSent));
    }
}
