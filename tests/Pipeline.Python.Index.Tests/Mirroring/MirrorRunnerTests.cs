using Pipeline.Python.Index.Mirroring;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Throttling;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Mirroring;

public sealed class MirrorRunnerTests
{
    [Fact]
    public async Task The_mirror_builds_the_wheelhouse_and_serves_it_until_cancelled()
    {
        using var dir = new TempDirectory("mirror");
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<PackageIndexServer>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = MirrorRunner.RunAsync(new MirrorOptions
        {
            WheelhouseDirectory = dir.Path,
            ScaleFactor = 0.0001,
            Port = 0,
            Throttle = "20MB",
            OnStarted = server => started.SetResult(server),
        }, stop.Token);

        var server = await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        using (var http = new HttpClient { BaseAddress = server.BaseUrl })
            Assert.Contains("torch", await http.GetStringAsync("/cpu/simple/"));
        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(1, result.Requests);
        Assert.Contains(result.Wheels, w => w.Index == "cpu" && w.FileName.StartsWith("torch-2.5.1+cpu-", StringComparison.Ordinal));
        Assert.Equal(server.IndexUrl("pypi").ToString(), result.Notes["Index pypi"]);
        Assert.Equal("20 MB/s per connection", result.Notes["Throttle"]);
        Assert.True(File.Exists(Path.Combine(dir.Path, "cpu", "filelock-3.16.1-py3-none-any.whl")));
    }

    [Fact]
    public async Task A_bad_throttle_is_rejected_before_anything_is_built()
    {
        using var dir = new TempDirectory("mirror");
        await Assert.ThrowsAsync<ByteRateFormatException>(() =>
            MirrorRunner.RunAsync(new MirrorOptions { WheelhouseDirectory = dir.Path, Throttle = "fast" }, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
