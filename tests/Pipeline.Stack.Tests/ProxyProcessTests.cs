using System.Diagnostics;
using System.Security.Cryptography;
using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests;

/// <summary>Two processes sharing one package store: this test's proxy and the build's `./build.sh Proxy`.</summary>
public sealed class ProxyProcessTests
{
    [Fact]
    public async Task A_proxy_in_another_process_sharing_the_store_does_not_download_the_same_file_again()
    {
        using var work = new TempDirectory("proxy-processes");
        var wheelhouse = await WheelhouseBuilder.BuildAsync(Catalogue.LoadEmbedded(),
            new WheelhouseOptions { OutputDirectory = work.Combine("wheelhouse"), ScaleFactor = 0.0001, Indexes = ["pypi", "cpu"] });
        // Throttled so both downloads overlap in time.
        await using var upstream = await PackageIndexServer.StartAsync(new PackageIndexOptions
        {
            Indexes = wheelhouse.IndexDirectories,
            ThrottleBytesPerSecond = 50_000,
        });
        var store = work.Combine("store");
        await using var inProcess = await PackageProxy.StartAsync(new PackageProxyOptions
        {
            MainIndexUrl = upstream.IndexUrl("pypi"),
            CpuIndexUrl = upstream.IndexUrl("cpu"),
            PackageCache = store,
        });
        var port = FreePort();
        Directory.CreateDirectory(work.Combine("root", ".nuke"));
        using var other = StartBuildProxy(work.Combine("root"), port, upstream, store);
        try
        {
            var otherUrl = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient();
            await WaitUntilServingAsync(http, otherUrl, other);
            var row = wheelhouse.Rows.Single(r => r.Index == "pypi" && r.FileName.StartsWith("nvidia_cudnn_cu12-", StringComparison.Ordinal));
            var path = $"main/files/nvidia-cudnn-cu12/{row.FileName}";

            var bodies = await Task.WhenAll(
                http.GetByteArrayAsync(new Uri(inProcess.BaseUrl, path)),
                http.GetByteArrayAsync(new Uri(otherUrl, path)));

            await upstream.DisposeAsync(); // its log is complete once it stopped
            Assert.All(bodies, b => Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(b))));
            Assert.Equal(1, upstream.AccessLog.Downloads(row.FileName));
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
        }
    }

    private static Process StartBuildProxy(string root, int port, PackageIndexServer upstream, string store)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "build.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in new[]
                 {
                     "Proxy", "--root", root, "--index-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--index-url", upstream.IndexUrl("pypi").ToString(), "--cpu-index-url", upstream.IndexUrl("cpu").ToString(),
                     "--package-cache", store, "--no-logo",
                 })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Readiness of a process that prints no "ready" line we could wait on: ask until it answers, or it exits.
    private static async Task WaitUntilServingAsync(HttpClient http, Uri url, Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            Assert.False(process.HasExited, $"./build.sh Proxy exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                using var response = await http.GetAsync(url, timeout.Token);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
