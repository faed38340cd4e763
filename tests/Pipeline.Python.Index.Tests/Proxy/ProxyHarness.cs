using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>A real upstream index server and a proxy in front of it, each on 127.0.0.1, with a fresh package cache.</summary>
public sealed class ProxyHarness : IAsyncDisposable
{
    private ProxyHarness(PackageIndexServer upstream, PackageProxy proxy, TempDirectory cache)
    {
        Upstream = upstream;
        Proxy = proxy;
        Cache = cache;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = proxy.BaseUrl };
    }

    public PackageIndexServer Upstream { get; }

    public PackageProxy Proxy { get; }

    public TempDirectory Cache { get; }

    public HttpClient Http { get; }

    /// <summary>Proxy options for an upstream: its pypi index as main, cpu as CPU; quick retries for tests.</summary>
    public static PackageProxyOptions OptionsFor(PackageIndexServer upstream, string cache) => new()
    {
        MainIndexUrl = upstream.IndexUrl("pypi"),
        CpuIndexUrl = upstream.IndexUrls.ContainsKey("cpu") ? upstream.IndexUrl("cpu") : null,
        CpuProjects = upstream.IndexUrls.ContainsKey("cpu") ? ["torch", "torchvision", "torchaudio"] : [],
        PackageCache = cache,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    public static async Task<ProxyHarness> StartAsync(PackageIndexServer upstream, Func<PackageProxyOptions, PackageProxyOptions>? configure = null)
    {
        var cache = new TempDirectory("proxy-cache");
        var options = OptionsFor(upstream, cache.Path);
        var proxy = await PackageProxy.StartAsync(configure is null ? options : configure(options));
        return new ProxyHarness(upstream, proxy, cache);
    }

    /// <summary>
    /// Stops the upstream so its access log is complete (a request is logged when it ends, which can be just after
    /// the proxy has read the last byte). Call before <see cref="UpstreamRequestsFor"/> when counting requests.
    /// </summary>
    public ValueTask StopUpstreamAsync() => Upstream.DisposeAsync();

    /// <summary>Upstream requests whose path ends with the (URL-encoded) file name.</summary>
    public IReadOnlyList<AccessLogEntry> UpstreamRequestsFor(string fileName) => Upstream.AccessLog.Entries
        .Where(e => e.Path.EndsWith("/" + Uri.EscapeDataString(fileName), StringComparison.Ordinal) || e.Path.EndsWith("/" + fileName, StringComparison.Ordinal))
        .ToList();

    public static string FileUrl(string view, string project, string fileName) => $"/{view}/files/{project}/{Uri.EscapeDataString(fileName)}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Proxy.DisposeAsync();
        await Upstream.DisposeAsync();
        Cache.Dispose();
    }
}
