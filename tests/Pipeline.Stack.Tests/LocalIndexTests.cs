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
    public async Task Prefetch_after_LockCpu_fetches_every_file_the_locks_pin_in_the_background()
    {
        using var root = new TempDirectory("stack-prefetch-target");
        // One requirements service: LockCpu writes svc/requirements.lock for it.
        (string Path, string Text)[] stack =
        [
            ("compose.yaml", "services:\n  svc:\n    build:\n      context: svc\n"),
            ("svc/Dockerfile", "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"),
            ("svc/requirements.txt", "httpx==0.28.1\n"),
        ];
        foreach (var (path, text) in stack) root.Write(path, text);
        await using var session = new StackSession(Settings(root));
        var locked = await session.LockCpuAsync(CancellationToken.None);
        Assert.True(locked.Success, locked.Failure);
        var lockPath = root.Combine("svc", "requirements.lock");
        var pins = Pipeline.Python.Locks.RequirementsReader.Read(await File.ReadAllTextAsync(lockPath), lockPath).Requirements
            .SelectMany(r => r.Hashes).ToList();
        Assert.True(pins.Count >= 5, $"httpx and its dependencies: {pins.Count} pins");
        // A fresh machine with the locks committed: nothing in the store yet (the small wheels LockCpu's metadata reads
        // fetched whole are removed).
        Directory.Delete(root.Combine("store", "files"), recursive: true);
        var fetchedBefore = session.IndexStats!.FilesFetched;

        var started = await session.StartPrefetchAsync(4, CancellationToken.None);
        var stored = await session.PrefetchRun!;

        Assert.True(started.Success);
        Assert.Equal("started: 1 lock(s), 4 connections", started.Notes["Prefetch"]);
        Assert.Equal(pins.Count, stored);
        Assert.Equal(pins.Count, session.IndexStats!.FilesFetched - fetchedBefore);
        Assert.All(pins, sha => Assert.True(File.Exists(root.Combine("store", "files", "sha256", sha[..2], sha)), $"{sha} not in the store"));
    }

    [Fact]
    public async Task Prefetch_without_locks_or_with_no_connections_fetches_nothing()
    {
        using var root = new TempDirectory("stack-prefetch-none");
        await using var session = new StackSession(Settings(root));

        var none = await session.StartPrefetchAsync(8, CancellationToken.None);
        var off = await session.StartPrefetchAsync(0, CancellationToken.None);

        Assert.Equal("nothing to fetch (run LockCpu first)", none.Notes["Prefetch"]);
        Assert.Equal("off (--fetch-connections 0)", off.Notes["Prefetch"]);
        Assert.Null(session.PrefetchRun);
        Assert.Null(session.IndexStats); // no index was started for nothing
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
