using System.Net;
using System.Text.Json;
using Pipeline.Python.Index.Proxy;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Tests.Support;

namespace Pipeline.Python.Index.Tests.Proxy;

/// <summary>Pages through the proxy: rewriting in both formats, revalidation, routing, offline.</summary>
public sealed class ProxyPageTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    [Fact]
    public async Task Html_pages_link_files_to_the_proxy_and_keep_hashes_requires_python_and_both_metadata_attributes()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        var torch = wheelhouse.Row("pypi", "torch-2.5.1-");

        var page = await h.Http.GetStringAsync("/main/simple/torch/");

        Assert.Contains($"href=\"../../../main/files/torch/{torch.FileName}#sha256={torch.Sha256}\"", page);
        Assert.Contains("data-requires-python=\"&gt;=3.8.0\"", page);
        Assert.Contains("data-core-metadata=\"true\"", page);
        Assert.Contains("data-dist-info-metadata=\"true\"", page);
        Assert.DoesNotContain(h.Upstream.BaseUrl.ToString(), page);
    }

    [Fact]
    public async Task Json_pages_carry_proxy_urls_hashes_sizes_and_both_metadata_keys()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cpu/simple/torch/");
        request.Headers.Accept.ParseAdd(SimpleFormatNegotiator.JsonMediaType);

        using var response = await h.Http.SendAsync(request);

        Assert.Equal(SimpleFormatNegotiator.JsonMediaType, response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var file = json.RootElement.GetProperty("files").EnumerateArray().Single();
        var row = wheelhouse.Row("cpu", "torch-2.5.1+cpu-");
        Assert.Equal($"../../../cpu/files/torch/{Uri.EscapeDataString(row.FileName)}", file.GetProperty("url").GetString());
        Assert.Equal(row.Sha256, file.GetProperty("hashes").GetProperty("sha256").GetString());
        Assert.Equal(row.Bytes, file.GetProperty("size").GetInt64());
        Assert.True(file.GetProperty("core-metadata").GetBoolean());
        // PEP 714's name only: Debian bookworm's pip 23.0.1 crashes on a bool or object under the old one.
        Assert.False(file.TryGetProperty("dist-info-metadata", out _));
        Assert.Equal(">=3.8.0", file.GetProperty("requires-python").GetString());
    }

    [Fact]
    public void Upstream_metadata_hashes_and_yanked_files_survive_the_rewrite()
    {
        string a = new('a', 64), b = new('b', 64), c = new('c', 64);
        var upstream = $$"""
            <a href="https://files.example/p/demo-1.0-py3-none-any.whl#sha256={{a}}" data-requires-python="&gt;=3.9" data-yanked="broken build" data-dist-info-metadata="sha256={{b}}">demo-1.0-py3-none-any.whl</a>
            <a href="../../files/demo-1.1.tar.gz#sha256={{c}}">demo-1.1.tar.gz</a>
            <a href="../../files/demo-0.9.tar.gz#sha256=../../../etc/passwd">demo-0.9.tar.gz</a>
            """;
        var page = PageParser.Parse("demo", upstream, "text/html", new Uri("https://index.example/simple/demo/"));

        var html = ProxyPageRenderer.RenderProject(page, "main", SimpleFormat.Html);
        using var json = JsonDocument.Parse(ProxyPageRenderer.RenderProject(page, "main", SimpleFormat.Json));

        Assert.Equal("https://files.example/p/demo-1.0-py3-none-any.whl", page.Files[0].Url);
        Assert.Equal("https://index.example/files/demo-1.1.tar.gz", page.Files[1].Url);
        Assert.Contains($"href=\"../../../main/files/demo/demo-1.0-py3-none-any.whl#sha256={a}\" data-requires-python=\"&gt;=3.9\" data-yanked=\"broken build\" data-dist-info-metadata=\"sha256={b}\" data-core-metadata=\"sha256={b}\"", html);
        Assert.Contains($"demo-1.1.tar.gz#sha256={c}\">demo-1.1.tar.gz</a>", html); // an sdist has no wheel METADATA to serve
        Assert.Null(page.Files[2].Sha256); // a "hash" that is not 64 hex digits would name a path in the store
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("broken build", files[0].GetProperty("yanked").GetString());
        Assert.Equal(b, files[0].GetProperty("core-metadata").GetProperty("sha256").GetString());
        Assert.False(files[1].GetProperty("yanked").GetBoolean());
    }

    [Fact]
    public async Task A_stale_page_is_revalidated_upstream_with_304_and_clients_revalidate_with_the_proxy()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(), o => o with { PageMaxAge = TimeSpan.Zero });

        using var first = await h.Http.GetAsync("/main/simple/tqdm/");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/main/simple/tqdm/");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await h.Http.SendAsync(again);

        await h.StopUpstreamAsync();
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        var upstreamPages = h.Upstream.AccessLog.Entries.Where(e => e.Path == "/pypi/simple/tqdm/").Select(e => e.Status).ToList();
        Assert.Equal([200, 304], upstreamPages);
        Assert.Equal(1, h.Proxy.Stats.PagesRevalidated);
        Assert.Equal(1, h.Proxy.Stats.PagesFetched);
    }

    [Fact]
    public async Task A_fresh_page_is_served_from_the_cache_without_asking_upstream()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());

        await h.Http.GetStringAsync("/main/simple/tqdm/");
        await h.Http.GetStringAsync("/routed/simple/tqdm/");

        await h.StopUpstreamAsync();
        Assert.Single(h.Upstream.AccessLog.Entries, e => e.Path == "/pypi/simple/tqdm/");
    }

    [Fact]
    public async Task The_routed_index_takes_torch_only_from_the_cpu_upstream_even_though_main_lists_it()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());
        var cudaTorch = wheelhouse.Row("pypi", "torch-2.5.1-");
        var cpuTorch = wheelhouse.Row("cpu", "torch-2.5.1+cpu-");

        var torch = await h.Http.GetStringAsync("/routed/simple/torch/");
        var numpy = await h.Http.GetStringAsync("/routed/simple/numpy/");

        Assert.Contains($"../../../cpu/files/torch/{Uri.EscapeDataString(cpuTorch.FileName)}#sha256={cpuTorch.Sha256}", torch);
        Assert.DoesNotContain(cudaTorch.FileName, torch);
        Assert.DoesNotContain("/main/", torch);
        Assert.Contains("../../../main/files/numpy/", numpy);
        Assert.DoesNotContain(h.Upstream.AccessLog.Entries, e => e.Path == "/pypi/simple/torch/");
        var root = await h.Http.GetStringAsync("/routed/simple/");
        Assert.Contains("<a href=\"torch/\">torch</a>", root);
        Assert.Contains("<a href=\"numpy/\">numpy</a>", root);
    }

    [Fact]
    public async Task Offline_without_a_cached_page_is_one_clear_error_naming_the_project()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync(), o => o with { Offline = true });

        using var response = await h.Http.GetAsync("/routed/simple/tqdm/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.StartsWith("offline: no cached page for 'tqdm'", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, h.Upstream.AccessLog.Requests);
    }

    [Fact]
    public async Task Unnormalised_names_redirect_and_unknown_projects_are_404()
    {
        await using var h = await ProxyHarness.StartAsync(await wheelhouse.StartServerAsync());

        using var redirect = await h.Http.GetAsync("/routed/simple/Sentence_Transformers/");
        using var missing = await h.Http.GetAsync("/routed/simple/no-such-project/");

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("/routed/simple/sentence-transformers/", redirect.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Invalid_options_are_refused_in_one_line_naming_the_option()
    {
        await using var upstream = await wheelhouse.StartServerAsync();
        var options = ProxyHarness.OptionsFor(upstream, Path.GetTempPath()) with { MaxAttempts = 0 };

        var error = await Assert.ThrowsAsync<IndexOptionsException>(() => PackageProxy.StartAsync(options));

        Assert.StartsWith("PackageProxyOptions.MaxAttempts 0: expected 1 to 100", error.Message);
    }
}
