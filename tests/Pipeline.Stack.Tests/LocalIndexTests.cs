using System.Security.Cryptography;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests;

/// <summary>The stack's package index: the proxy in front of the stand-in index, over real HTTP on 127.0.0.1.</summary>
public sealed class LocalIndexTests
{
    private static StackSettings Settings(TempDirectory root, bool offline = false) => new()
    {
        RootDirectory = root.Path,
        ComposeFile = root.Combine("compose.yaml"),
        IndexPort = 0,
        WheelScale = 0.0001,
        PackageCache = root.Combine("store"),
        Offline = offline,
    };

    [Fact]
    public async Task Builds_get_the_routed_proxy_index_and_it_serves_only_cpu_torch()
    {
        using var root = new TempDirectory("stack-index");
        await using var session = new StackSession(Settings(root));

        var (main, cpu, buildArgs) = await session.IndexAsync(CancellationToken.None);

        Assert.EndsWith("/routed/simple/", main);
        Assert.EndsWith("/cpu/simple/", cpu);
        Assert.Equal(main, buildArgs["PIP_INDEX_URL"]);
        Assert.Equal(cpu, buildArgs["PIP_TORCH_INDEX_URL"]);
        Assert.Equal("127.0.0.1", buildArgs["PIP_TRUSTED_HOST"]);
        using var http = new HttpClient();
        var torch = await http.GetStringAsync(new Uri(new Uri(main), "torch/"));
        Assert.Contains("torch-2.5.1%2Bcpu-", torch);
        Assert.DoesNotContain("torch-2.5.1-py3", torch);
        Assert.Equal(0, session.IndexStats!.FilesFetched);
    }

    [Fact]
    public async Task Prefetch_fetches_what_a_requirements_lock_pins_into_the_store()
    {
        using var root = new TempDirectory("stack-prefetch");
        await using var session = new StackSession(Settings(root));
        var (main, _, _) = await session.IndexAsync(CancellationToken.None);
        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri(new Uri(main), "tqdm/"));
        var sha = System.Text.RegularExpressions.Regex.Match(page, "#sha256=([0-9a-f]{64})").Groups[1].Value;
        var lockFile = root.Write("svc/requirements.lock", $"--index-url {main}\n\ntqdm==4.68.3 \\\n    --hash=sha256:{sha}\n");

        var stored = await session.PrefetchAsync([lockFile], connections: 4, CancellationToken.None);

        Assert.Equal(1, stored);
        Assert.Equal(1, session.IndexStats!.FilesFetched);
        Assert.True(File.Exists(root.Combine("store", "files", "sha256", sha[..2], sha)));
    }

    [Fact]
    public async Task A_later_offline_session_serves_what_an_online_one_stored_though_the_stand_in_port_changed()
    {
        using var root = new TempDirectory("stack-offline");
        using var http = new HttpClient();
        string fileUrl;
        byte[] online;
        await using (var first = new StackSession(Settings(root)))
        {
            var (main, _, _) = await first.IndexAsync(CancellationToken.None);
            var page = await http.GetStringAsync(new Uri(new Uri(main), "tqdm/"));
            var href = System.Text.RegularExpressions.Regex.Match(page, "href=\"([^\"#]+)").Groups[1].Value;
            fileUrl = new Uri(new Uri(new Uri(main), "tqdm/"), href).AbsolutePath;
            online = await http.GetByteArrayAsync(new Uri(new Uri(main), fileUrl));
        }

        await using var offline = new StackSession(Settings(root, offline: true));
        var (routed, _, _) = await offline.IndexAsync(CancellationToken.None);
        var again = await http.GetByteArrayAsync(new Uri(new Uri(routed), fileUrl));
        using var missing = await http.GetAsync(new Uri(new Uri(routed), "numpy/"));

        Assert.Equal(SHA256.HashData(online), SHA256.HashData(again));
        Assert.Equal(System.Net.HttpStatusCode.GatewayTimeout, missing.StatusCode);
        Assert.StartsWith("offline: no cached page for 'numpy'", await missing.Content.ReadAsStringAsync());
    }
}
