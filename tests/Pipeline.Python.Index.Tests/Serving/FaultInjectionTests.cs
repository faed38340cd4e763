using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Tests.Support;

namespace Pipeline.Python.Index.Tests.Serving;

/// <summary>The index's injected faults (a lossy upstream) and its HTTP Range support, over real HTTP.</summary>
public sealed class FaultInjectionTests(WheelhouseFixture wheelhouse) : IClassFixture<WheelhouseFixture>
{
    private static HttpClient Client(PackageIndexServer server) => new() { BaseAddress = server.BaseUrl };

    [Fact]
    public async Task A_dropped_download_stops_at_the_cut_point_short_of_its_content_length()
    {
        await using var server = await wheelhouse.StartServerAsync(o => o with { Faults = new IndexFaults { Drop = 1, DropAfter = 0.25 } });
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");

        // The cut resets the connection; on a loaded machine the reset can reach the client before it has read the
        // headers sent ahead of the body (the kernel drops unread data on a reset). That attempt says nothing about
        // where the cut was: ask again (every download is cut at the same point).
        HttpResponseMessage? response = null;
        for (var attempt = 1; response is null; attempt++)
        {
            try
            {
                response = await http.GetAsync($"/pypi/files/{row.FileName}", HttpCompletionOption.ResponseHeadersRead);
            }
            catch (HttpRequestException) when (attempt < 5)
            {
            }
        }
        using var _ = response;
        Assert.Equal(row.Bytes, response.Content.Headers.ContentLength);
        var received = new MemoryStream();
        var broken = await Record.ExceptionAsync(() => response.Content.CopyToAsync(received));

        await server.DisposeAsync(); // the request is logged when it ends, which may be after the client saw the cut
        Assert.NotNull(broken);
        Assert.Equal((long)(row.Bytes * 0.25), received.Length);
        Assert.Equal((long)(row.Bytes * 0.25), server.AccessLog.Entries.Last(e => e.Path.EndsWith(row.FileName, StringComparison.Ordinal)).BytesSent);
    }

    [Fact]
    public async Task Drops_are_the_same_for_the_same_seed_and_requests_and_a_retry_is_a_fresh_draw()
    {
        var faults = new IndexFaults { Drop = 0.5, DropAfter = 0.5, Seed = 7 };
        var files = wheelhouse.Result.Rows.Where(r => r.Index == "pypi").Take(12).Select(r => r.FileName).ToList();

        async Task<string> PatternAsync()
        {
            await using var server = await wheelhouse.StartServerAsync(o => o with { Faults = faults });
            using var http = Client(server);
            var pattern = new System.Text.StringBuilder();
            foreach (var file in files)
                for (var attempt = 0; attempt < 2; attempt++)
                    pattern.Append(await Record.ExceptionAsync(() => http.GetByteArrayAsync($"/pypi/files/{Uri.EscapeDataString(file)}")) is null ? '.' : 'x');
            return pattern.ToString();
        }

        var first = await PatternAsync();
        var second = await PatternAsync();

        Assert.Equal(first, second);
        Assert.Contains('x', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task An_error_burst_answers_503_then_serves()
    {
        await using var server = await wheelhouse.StartServerAsync(o => o with { Faults = new IndexFaults { ErrorBurst = 2 } });
        using var http = Client(server);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("/pypi/simple/tqdm/");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task A_stalled_download_goes_silent_then_is_cut_off()
    {
        var stall = TimeSpan.FromMilliseconds(300);
        await using var server = await wheelhouse.StartServerAsync(o => o with { Faults = new IndexFaults { Stall = 1, StallDuration = stall } });
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var broken = await Record.ExceptionAsync(() => http.GetByteArrayAsync($"/pypi/files/{row.FileName}"));

        await server.DisposeAsync(); // the request is logged when it ends, which may be after the client saw the cut
        Assert.NotNull(broken);
        Assert.True(clock.Elapsed >= stall, $"cut after {clock.Elapsed.TotalMilliseconds:0} ms, before the {stall.TotalMilliseconds:0} ms stall ended");
        Assert.Equal(row.Bytes / 2, server.AccessLog.Entries.Single().BytesSent);
    }

    [Fact]
    public async Task Latency_delays_every_response()
    {
        var latency = TimeSpan.FromMilliseconds(150);
        await using var server = await wheelhouse.StartServerAsync(o => o with { Faults = new IndexFaults { Latency = latency } });
        using var http = Client(server);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await http.GetStringAsync("/pypi/simple/tqdm/");

        Assert.True(clock.Elapsed >= latency, $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task If_range_resumes_with_206_on_a_matching_validator_and_restarts_with_200_on_a_stale_one()
    {
        await using var server = await wheelhouse.StartServerAsync();
        using var http = Client(server);
        var row = wheelhouse.Row("pypi", "nvidia_cudnn_cu12-");
        var whole = await File.ReadAllBytesAsync(Path.Combine(wheelhouse.Root, "pypi", row.FileName));

        using var first = await http.GetAsync($"/pypi/files/{row.FileName}");
        var etag = first.Headers.ETag!;
        Assert.NotNull(first.Content.Headers.LastModified);

        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/pypi/files/{row.FileName}");
        resume.Headers.Range = new RangeHeaderValue(1000, null);
        resume.Headers.IfRange = new RangeConditionHeaderValue(etag);
        using var resumed = await http.SendAsync(resume);
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        Assert.Equal($"bytes 1000-{whole.Length - 1}/{whole.Length}", resumed.Content.Headers.ContentRange?.ToString());
        Assert.Equal(whole[1000..], await resumed.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/pypi/files/{row.FileName}");
        stale.Headers.Range = new RangeHeaderValue(1000, null);
        stale.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"changed\""));
        using var restarted = await http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(await restarted.Content.ReadAsByteArrayAsync())));
    }

    [Theory]
    [InlineData(1.5, 0.5, 0, "Drop")]
    [InlineData(0, -0.1, 0, "DropAfter")]
    [InlineData(0, 0.5, 101, "ErrorBurst")]
    public async Task Out_of_range_faults_are_refused_naming_the_option(double drop, double dropAfter, int burst, string option)
    {
        var error = await Assert.ThrowsAsync<IndexOptionsException>(() =>
            wheelhouse.StartServerAsync(o => o with { Faults = new IndexFaults { Drop = drop, DropAfter = dropAfter, ErrorBurst = burst } }));
        Assert.StartsWith($"PackageIndexOptions.Faults.{option} ", error.Message);
        Assert.Contains(": expected ", error.Message);
    }
}
