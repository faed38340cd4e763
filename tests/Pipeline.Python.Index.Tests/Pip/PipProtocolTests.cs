using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Pip;

/// <summary>The host's real pip (python3 -m pip) checking hashes, caching and PEP 658 against the index.</summary>
public sealed class PipProtocolTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    [Fact]
    public async Task Install_with_require_hashes_accepts_the_served_hashes_and_rejects_a_wrong_one()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var work = new TempDirectory("pip-hashes");
        string[] packages = ["requests-", "charset_normalizer-", "idna-", "urllib3-", "certifi-"];
        var pins = packages.Select(prefix => wheelhouse.Row("pypi", prefix)).ToList();
        var good = work.Write("good.txt", string.Join('\n', pins.Select(Pin)) + "\n");

        var ok = await HostPython.PipAsync("install", "--no-cache-dir", "--require-hashes", "--index-url", server.IndexUrl("pypi").ToString(),
            "--target", work.Combine("ok"), "-r", good);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.True(File.Exists(work.Combine("ok", "requests", "__init__.py")));

        var wrongHash = new string('0', 64);
        var bad = work.Write("bad.txt", string.Join('\n', pins.Select((p, i) => i == 0 ? Pin(p with { Sha256 = wrongHash }) : Pin(p))) + "\n");
        var rejected = await HostPython.PipAsync("install", "--no-cache-dir", "--require-hashes", "--index-url", server.IndexUrl("pypi").ToString(),
            "--target", work.Combine("bad"), "-r", bad);
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("DO NOT MATCH THE HASHES", rejected.StandardError);

        static string Pin(WheelhouseRow row)
        {
            var parts = row.FileName.Split('-');
            return $"{parts[0].Replace('_', '-')}=={parts[1]} --hash=sha256:{row.Sha256}";
        }
    }

    [Fact]
    public async Task A_second_install_is_served_from_pips_http_cache()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var work = new TempDirectory("pip-cache");
        var wheel = wheelhouse.Row("pypi", "tqdm-").FileName;
        string[] Install(string target) =>
        [
            "install", "--cache-dir", work.Combine("cache"), "--trusted-host", server.BaseUrl.Host,
            "--index-url", server.IndexUrl("pypi").ToString(), "--no-deps", "--target", work.Combine(target), "tqdm==4.68.3",
        ];

        var first = await HostPython.PipAsync(Install("one"));
        Assert.True(first.ExitCode == 0, first.All);
        var second = await HostPython.PipAsync(Install("two"));
        Assert.True(second.ExitCode == 0, second.All);

        Assert.True(File.Exists(work.Combine("two", "tqdm", "__init__.py")));
        var pageRequests = server.AccessLog.Entries.Count(e => e.Path.StartsWith("/pypi/simple/tqdm/", StringComparison.Ordinal));
        Assert.True(pageRequests >= 2, $"pip should have asked the index twice, saw {pageRequests}");
        Assert.Equal(1, server.AccessLog.Downloads(wheel));
        Assert.Contains(server.AccessLog.Entries, e => e.Path.StartsWith("/pypi/simple/tqdm/", StringComparison.Ordinal) && e.Status == 304);
    }

    [Fact]
    public async Task Pip_uses_pep658_metadata_when_it_is_served()
    {
        await using var server = await wheelhouse.StartServerAsync(o => o with { ServeCoreMetadata = true });
        using var target = new TempDirectory("pip-target");

        var install = await HostPython.PipAsync("install", "--no-cache-dir", "--index-url", server.IndexUrl("pypi").ToString(),
            "--target", target.Path, "httpx==0.28.1");
        Assert.True(install.ExitCode == 0, install.All);

        Assert.Contains(server.AccessLog.Entries, e => e.Path.EndsWith(".whl.metadata", StringComparison.Ordinal) && e.Status == 200);
        Assert.True(File.Exists(Path.Combine(target.Path, "httpcore", "__init__.py")), "httpx's dependencies resolved from .metadata files");
    }
}
