using System.Text.Json;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>The host's real pip (python3 -m pip) installing through the proxy.</summary>
public sealed class ProxyPipTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    [Fact]
    public async Task A_plain_install_of_torch_from_the_routed_index_can_only_get_cpu_torch()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        using var target = new TempDirectory("pip-routed");
        var report = target.Combine("report.json");

        // No version, no local label, no extra index: the routing alone decides which torch pip can see.
        var install = await HostPython.PipAsync("install", "--no-cache-dir", "--index-url", h.Proxy.RoutedIndexUrl.ToString(),
            "--target", target.Combine("site"), "--report", report, "torch", "numpy");
        Assert.True(install.ExitCode == 0, install.All);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var installed = json.RootElement.GetProperty("install").EnumerateArray()
            .ToDictionary(i => i.GetProperty("metadata").GetProperty("name").GetString()!, i => i.GetProperty("metadata").GetProperty("version").GetString()!);
        Assert.Equal("2.5.1+cpu", installed["torch"]);
        Assert.DoesNotContain(installed.Keys, name => name.StartsWith("nvidia-", StringComparison.Ordinal) || name == "triton");
        await h.StopUpstreamAsync();
        Assert.Contains(h.Upstream.AccessLog.Entries, e => e.Path.StartsWith("/cpu/files/torch-", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Upstream.AccessLog.Entries, e => e.Path.StartsWith("/pypi/simple/torch/", StringComparison.Ordinal));
        Assert.Contains(h.Proxy.AccessLog.Entries, e => e.Path.EndsWith(".whl.metadata", StringComparison.Ordinal) && e.Status == 200);
    }

    [Fact]
    public async Task Through_the_proxy_pip_installs_from_a_lossy_upstream_where_direct_pip_fails()
    {
        // Half the file downloads are cut off half-way (seeded, so both runs meet the same faults).
        var faults = new IndexFaults { Drop = 0.5, DropAfter = 0.5, Seed = 11 };
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(o => o with { Faults = faults }));
        using var work = new TempDirectory("pip-lossy");
        string[] Install(string index, string target) =>
            ["install", "--no-cache-dir", "--index-url", index, "--target", work.Combine(target), "httpx==0.28.1", "requests"];

        var direct = await HostPython.PipAsync(Install(h.Upstream.IndexUrl("pypi").ToString(), "direct"));
        var proxied = await HostPython.PipAsync(Install(h.Proxy.RoutedIndexUrl.ToString(), "proxied"));

        Assert.True(direct.ExitCode != 0, "direct pip should fail on a cut-off download:\n" + direct.All);
        Assert.True(proxied.ExitCode == 0, proxied.All);
        Assert.True(File.Exists(work.Combine("proxied", "httpx", "__init__.py")));
        Assert.True(File.Exists(work.Combine("proxied", "requests", "__init__.py")));
        Assert.True(h.Proxy.Stats.FilesResumed + h.Proxy.Stats.Retries > 0, "the proxy met the faults and recovered");
    }
}
