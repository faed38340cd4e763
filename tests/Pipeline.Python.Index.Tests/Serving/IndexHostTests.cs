using System.Net.Sockets;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Tests.Proxy;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Serving;

/// <summary>The index server and the package proxy run on one host: the same port error, the same way to stop.</summary>
public class IndexHostTests
{
    [Fact]
    public async Task Server_and_proxy_refuse_a_taken_port_with_the_same_line_and_stop_once()
    {
        using var folder = new TempDirectory("index-host");
        using var cache = new TempDirectory("index-host-cache");
        var server = await PackageIndexServer.StartAsync(new PackageIndexOptions { Indexes = new Dictionary<string, string> { ["pypi"] = folder.Path } });
        var proxy = await PackageProxy.StartAsync(ProxyHarness.OptionsFor(server, cache.Path));
        using (var http = new HttpClient { BaseAddress = proxy.BaseUrl })
            Assert.Contains("<html", await http.GetStringAsync("routed/simple/"), StringComparison.OrdinalIgnoreCase);

        var serverBusy = await Assert.ThrowsAsync<IndexOptionsException>(() => PackageIndexServer.StartAsync(
            new PackageIndexOptions { Indexes = new Dictionary<string, string> { ["pypi"] = folder.Path }, Port = proxy.Port }));
        var proxyBusy = await Assert.ThrowsAsync<IndexOptionsException>(() => PackageProxy.StartAsync(
            ProxyHarness.OptionsFor(server, cache.Path) with { Port = server.Port }));
        Assert.StartsWith($"Cannot listen on 127.0.0.1:{proxy.Port}: ", serverBusy.Message);
        Assert.StartsWith($"Cannot listen on 127.0.0.1:{server.Port}: ", proxyBusy.Message);

        foreach (var stop in new Func<ValueTask>[] { proxy.DisposeAsync, proxy.DisposeAsync, server.DisposeAsync, server.DisposeAsync })
            await stop(); // the second of each does nothing

        Assert.True(server.AccessLog.Requests >= 1); // the proxy's page fetch, kept readable after the stop
        foreach (var port in new[] { proxy.Port, server.Port })
        {
            using var client = new TcpClient();
            Assert.Throws<SocketException>(() => client.Connect("127.0.0.1", port));
        }
    }
}
