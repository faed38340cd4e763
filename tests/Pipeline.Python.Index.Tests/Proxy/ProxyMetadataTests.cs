using System.Security.Cryptography;
using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>
/// The pypi index at 1/1000 scale, so the CUDA torch wheel (~0.9 MB) is far bigger than one 64 KiB Range read:
/// reading its metadata must not cost the wheel.
/// </summary>
public sealed class BiggerWheelsFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("pipeline-wheelhouse-big");

    public WheelhouseResult Result { get; private set; } = null!;

    public string Root => _directory.Path;

    public async Task InitializeAsync() => Result = await WheelhouseBuilder.BuildAsync(Catalogue.LoadEmbedded(),
        new WheelhouseOptions { OutputDirectory = _directory.Path, ScaleFactor = 0.001, Indexes = ["pypi"] });

    public Task<PackageIndexServer> StartServerAsync(bool serveMetadata) => PackageIndexServer.StartAsync(new PackageIndexOptions
    {
        Indexes = Result.IndexDirectories,
        ServeCoreMetadata = serveMetadata,
    });

    public WheelhouseRow Row(string prefix) => Result.Rows.Single(r => r.FileName.StartsWith(prefix, StringComparison.Ordinal));

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>PEP 658 metadata through the proxy, with and without the upstream's own metadata files.</summary>
public sealed class ProxyMetadataTests(BiggerWheelsFixture wheels) : IClassFixture<BiggerWheelsFixture>
{
    [Fact]
    public async Task Without_upstream_metadata_files_the_metadata_is_read_with_range_requests_never_the_whole_wheel()
    {
        await using var h = await ProxyHarness.StartAsync(await wheels.StartServerAsync(serveMetadata: false));
        var torch = wheels.Row("torch-2.5.1-");
        var expected = WheelhouseScanner.ReadCoreMetadata(Path.Combine(wheels.Root, "pypi", torch.FileName))!;

        var metadata = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "torch", torch.FileName) + ".metadata");

        await h.StopUpstreamAsync();
        Assert.Equal(expected, metadata);
        var requests = h.UpstreamRequestsFor(torch.FileName);
        Assert.NotEmpty(requests);
        Assert.All(requests, e => Assert.Equal(206, e.Status));
        Assert.True(requests.Sum(e => e.BytesSent) < torch.Bytes / 4, $"{requests.Sum(e => e.BytesSent)} bytes read of a {torch.Bytes}-byte wheel");
        Assert.Equal(1, h.Proxy.Stats.MetadataFromRanges);
    }

    [Fact]
    public async Task A_small_wheel_is_fetched_whole_for_its_metadata_so_the_install_that_follows_is_a_hit()
    {
        await using var h = await ProxyHarness.StartAsync(await wheels.StartServerAsync(serveMetadata: false),
            o => o with { WholeWheelForMetadataBelow = 1024 * 1024 });
        var tqdm = wheels.Row("tqdm-");

        await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", tqdm.FileName) + ".metadata");
        await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "tqdm", tqdm.FileName));

        await h.StopUpstreamAsync();
        Assert.Equal([200], h.UpstreamRequestsFor(tqdm.FileName).Select(e => e.Status));
        Assert.Equal((1, 1, 0), (h.Proxy.Stats.FilesFetched, h.Proxy.Stats.FileHits, h.Proxy.Stats.MetadataFromRanges));
    }

    [Fact]
    public async Task With_upstream_metadata_files_the_proxy_fetches_those_and_never_touches_the_wheel()
    {
        await using var h = await ProxyHarness.StartAsync(await wheels.StartServerAsync(serveMetadata: true));
        var torch = wheels.Row("torch-2.5.1-");
        var expected = WheelhouseScanner.ReadCoreMetadata(Path.Combine(wheels.Root, "pypi", torch.FileName))!;

        var page = await h.Http.GetStringAsync("/main/simple/torch/");
        var metadata = await h.Http.GetByteArrayAsync(ProxyHarness.FileUrl("main", "torch", torch.FileName) + ".metadata");

        await h.StopUpstreamAsync();
        Assert.Equal(expected, metadata);
        Assert.Contains($"data-core-metadata=\"sha256={Convert.ToHexStringLower(SHA256.HashData(expected))}\"", page);
        Assert.Empty(h.UpstreamRequestsFor(torch.FileName));
        Assert.Single(h.UpstreamRequestsFor(torch.FileName + ".metadata"));
        Assert.Equal(0, h.Proxy.Stats.MetadataFromRanges);
    }

    [Fact]
    public async Task Metadata_is_kept_in_the_store_and_served_offline()
    {
        await using var upstream = await wheels.StartServerAsync(serveMetadata: false);
        using var cache = new TempDirectory("proxy-metadata");
        var torch = wheels.Row("torch-2.5.1-");
        var url = ProxyHarness.FileUrl("main", "torch", torch.FileName) + ".metadata";
        byte[] online;
        await using (var proxy = await Pipeline.Python.Index.Proxy.PackageProxy.StartAsync(ProxyHarness.OptionsFor(upstream, cache.Path)))
        {
            using var http = new HttpClient { BaseAddress = proxy.BaseUrl };
            online = await http.GetByteArrayAsync(url);
        }
        var before = upstream.AccessLog.Requests;

        await using var offline = await Pipeline.Python.Index.Proxy.PackageProxy.StartAsync(ProxyHarness.OptionsFor(upstream, cache.Path) with { Offline = true });
        using var client = new HttpClient { BaseAddress = offline.BaseUrl };

        Assert.Equal(online, await client.GetByteArrayAsync(url));
        Assert.Equal(before, upstream.AccessLog.Requests);
    }
}
