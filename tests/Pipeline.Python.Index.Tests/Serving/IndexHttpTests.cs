using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Serving;

/// <summary>The index over real HTTP on 127.0.0.1.</summary>
public sealed class IndexHttpTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    private static HttpClient Client(PackageIndexServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseUrl };

    [Fact]
    public async Task Project_pages_carry_sha256_fragments_and_requires_python()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        var torch = wheelhouse.Row("pypi", "torch-2.5.1-");

        var page = await http.GetStringAsync("/pypi/simple/torch/");

        Assert.Contains($"href=\"../../files/{torch.FileName}#sha256={torch.Sha256}\"", page);
        Assert.Contains("data-requires-python=\"&gt;=3.8.0\"", page);
        Assert.DoesNotContain("data-core-metadata", page);
        Assert.Contains("<a href=\"torch/\">torch</a>", await http.GetStringAsync("/pypi/simple/"));
    }

    [Fact]
    public async Task Local_versions_are_linked_percent_encoded_and_downloadable()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        var cpuTorch = wheelhouse.Row("cpu", "torch-2.5.1+cpu-");

        var page = await http.GetStringAsync("/cpu/simple/torch/");
        Assert.Contains("torch-2.5.1%2Bcpu-py3-none-linux_x86_64.whl#sha256=", page);

        var bytes = await http.GetByteArrayAsync($"/cpu/files/{Uri.EscapeDataString(cpuTorch.FileName)}");
        Assert.Equal(cpuTorch.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task Pep691_json_is_served_when_asked_for()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cpu/simple/torch/");
        request.Headers.Accept.ParseAdd("application/vnd.pypi.simple.v1+json");

        using var response = await http.SendAsync(request);

        Assert.Equal("application/vnd.pypi.simple.v1+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("1.1", json.RootElement.GetProperty("meta").GetProperty("api-version").GetString());
        Assert.Equal("torch", json.RootElement.GetProperty("name").GetString());
        var file = json.RootElement.GetProperty("files").EnumerateArray().Single();
        var row = wheelhouse.Row("cpu", "torch-2.5.1+cpu-");
        Assert.Equal(row.Sha256, file.GetProperty("hashes").GetProperty("sha256").GetString());
        Assert.Equal(row.Bytes, file.GetProperty("size").GetInt64());
        Assert.Equal(">=3.8.0", file.GetProperty("requires-python").GetString());
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Range_requests_return_exactly_the_requested_bytes()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        var whole = await File.ReadAllBytesAsync(Path.Combine(wheelhouse.Root, "pypi", row.FileName));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/pypi/files/{row.FileName}");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(whole.AsSpan(1000, 1000).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(whole.Length, response.Content.Headers.ContentRange?.Length);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Files_have_long_lived_cache_headers_and_pages_revalidate_with_304()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "tqdm-");

        using var file = await http.GetAsync($"/pypi/files/{row.FileName}");
        Assert.True(file.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(30));
        Assert.Equal($"\"{row.Sha256}\"", file.Headers.ETag?.Tag);

        using var page = await http.GetAsync("/pypi/simple/tqdm/");
        Assert.NotNull(page.Headers.CacheControl?.MaxAge);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/pypi/simple/tqdm/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        using var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Theory]
    [InlineData("/conda/simple/")]
    [InlineData("/pypi/simple/no-such-project/")]
    [InlineData("/pypi/files/no_such-1.0-py3-none-any.whl")]
    [InlineData("/cpu/simple/transformers/")]
    [InlineData("/pypi/files/tqdm-4.68.3-py3-none-any.whl.metadata")]
    public async Task Unknown_things_are_404(string path)
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/pypi/simple/")]
    [InlineData("/pypi/simple/tqdm/")]
    public async Task Not_acceptable_answers_vary_on_accept(string path)
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/xml");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/pypi/simple/Sentence_Transformers/", "/pypi/simple/sentence-transformers/")] // unnormalised project name
    [InlineData("/pypi/simple?format=application/vnd.pypi.simple.v1+json", "/pypi/simple/?format=application/vnd.pypi.simple.v1+json")] // index root without slash, query kept
    public async Task Redirects_go_to_the_canonical_page(string path, string location)
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Pep658_metadata_is_served_and_advertised_only_when_enabled()
    {
        await using var server = await wheelhouse.StartServerAsync(o => o with { ServeCoreMetadata = true });
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "transformers-");

        var metadata = await http.GetByteArrayAsync($"/pypi/files/{row.FileName}.metadata");
        var page = await http.GetStringAsync("/pypi/simple/transformers/");

        Assert.StartsWith("Metadata-Version: 2.1\nName: transformers\n", System.Text.Encoding.UTF8.GetString(metadata));
        Assert.Contains($"data-core-metadata=\"sha256={Convert.ToHexStringLower(SHA256.HashData(metadata))}\"", page);
    }

    [Fact]
    public async Task The_access_log_file_records_every_request_with_bytes_sent()
    {
        using var logs = new TempDirectory("access-log");
        var logPath = logs.Combine("access.log");
        var row = wheelhouse.Row("pypi", "numpy-");
        await using (var server = await wheelhouse.StartServerAsync(o => o with { AccessLogPath = logPath }))
        {
            using var http = Client(server);
            await http.GetStringAsync("/pypi/simple/numpy/");
            await http.GetByteArrayAsync($"/pypi/files/{row.FileName}");
            Assert.Equal(2, server.AccessLog.Requests);
            Assert.Equal(1, server.AccessLog.Downloads(row.FileName));
        }

        var lines = (await File.ReadAllLinesAsync(logPath)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, fields => Assert.Equal(8, fields.Length));
        Assert.Equal(["GET", $"/pypi/files/{row.FileName}", "200", row.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)], lines[1][3..7]);
    }

    [Fact]
    public async Task A_throttled_connection_is_held_to_the_rate_and_still_delivers_the_exact_file()
    {
        // The largest wheel at the fixture's scale is ~59 KB: at 200 KB/s with an 8 KiB burst it needs at least
        // (bytes - burst) / rate ~ 0.25 s, where an unthrottled loopback download takes a few milliseconds.
        const long rate = 200_000, burst = 8 * 1024;
        await using var server = await wheelhouse.StartServerAsync(o => o with { ThrottleBytesPerSecond = rate, ThrottleBurstBytes = burst });
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "nvidia_cublas_cu12-");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var bytes = await http.GetByteArrayAsync($"/pypi/files/{row.FileName}");

        var elapsed = clock.Elapsed;
        Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        // A lower bound only: a busy machine may always be slower, never faster than the throttle allows.
        var least = TimeSpan.FromSeconds((double)(row.Bytes - burst) / rate);
        Assert.True(elapsed >= least, $"{row.Bytes} bytes took {elapsed.TotalMilliseconds:0} ms, throttled to {rate} B/s they need at least {least.TotalMilliseconds:0} ms");
        Assert.Equal("200 KB/s per connection", server.Notes["Throttle"]);
    }

    [Fact]
    public async Task Binding_all_interfaces_serves_on_the_loopback_too()
    {
        await using var server = await wheelhouse.StartServerAsync(o => o with { BindAllInterfaces = true });
        using var http = Client(server);
        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.Contains("torch", await http.GetStringAsync("/cpu/simple/"));
    }

    [Fact]
    public async Task Wheels_added_while_serving_appear_in_the_listing()
    {
        using var dir = new TempDirectory("live-index");
        await using var server = await PackageIndexServer.StartAsync(new PackageIndexOptions { Indexes = new Dictionary<string, string> { ["pypi"] = dir.Path } });
        using var http = Client(server);
        Assert.DoesNotContain("tqdm", await http.GetStringAsync("/pypi/simple/"));

        File.Copy(Path.Combine(wheelhouse.Root, "pypi", wheelhouse.Row("pypi", "tqdm-").FileName), Path.Combine(dir.Path, wheelhouse.Row("pypi", "tqdm-").FileName));

        Assert.Contains("tqdm", await http.GetStringAsync("/pypi/simple/"));
    }

    [Fact]
    public async Task Bad_options_fail_with_a_clear_message()
    {
        var missing = await Assert.ThrowsAsync<IndexOptionsException>(() => PackageIndexServer.StartAsync(
            new PackageIndexOptions { Indexes = new Dictionary<string, string> { ["pypi"] = "/no/such/folder" } }));
        Assert.Contains("'/no/such/folder' does not exist", missing.Message);

        await using var first = await wheelhouse.StartServerAsync();
        var busy = await Assert.ThrowsAsync<IndexOptionsException>(() => wheelhouse.StartServerAsync(o => o with { Port = first.Port }));
        Assert.Contains($"Cannot listen on 127.0.0.1:{first.Port}", busy.Message);

        var badName = await Assert.ThrowsAsync<IndexOptionsException>(() => PackageIndexServer.StartAsync(
            new PackageIndexOptions { Indexes = new Dictionary<string, string> { ["PyPI"] = wheelhouse.Root } }));
        Assert.Contains("lower-case", badName.Message);
    }
}
