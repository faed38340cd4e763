using Pipeline.BaseImages.Planning;
using Pipeline.IO;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Integration;

[Collection(EngineCollection.Name)]
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_kills_debootstrap_and_removes_the_root_filesystem()
    {
        var podman = await PodmanService.GetAsync();
        await using var engine = await podman.ConnectAsync();
        using var work = new TempDirectory("base-image-cancel");
        using var cts = new CancellationTokenSource();
        // Cancel as soon as debootstrap speaks: deterministic, no timers.
        var log = new CollectingLogger(line =>
        {
            if (line.StartsWith("[Debug] debootstrap:", StringComparison.Ordinal)) _ = Task.Run(cts.Cancel);
        });
        var options = new PythonBaseImageOptions
        {
            Tag = "localhost/pipeline-test/python-cancelled:1",
            WorkDirectory = work.Path,
            TryRegistryFirst = false,
            Force = true,
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new PythonBaseImageBuilder(engine, log.Logger).EnsureAsync(options, cts.Token));

        var rootfs = work.Combine("rootfs");
        Assert.False(Directory.Exists(rootfs), "the root filesystem should be deleted");
        Assert.Empty(MountTable.MountsUnder(await File.ReadAllTextAsync("/proc/self/mountinfo"), rootfs));
        Assert.DoesNotContain(RunningCommandLines(), c => c.Contains(rootfs, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_bootstrap_leaves_no_root_filesystem_only_its_log()
    {
        var podman = await PodmanService.GetAsync();
        await using var engine = await podman.ConnectAsync();
        using var work = new TempDirectory("base-image-failed");
        using var refused = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        refused.Start();
        var port = ((System.Net.IPEndPoint)refused.LocalEndpoint).Port;
        refused.Stop(); // a port nothing listens on: the mirror refuses every connection
        var options = new PythonBaseImageOptions
        {
            Tag = "localhost/pipeline-test/python-failed:1",
            WorkDirectory = work.Path,
            Mirror = $"http://127.0.0.1:{port}/debian",
            TryRegistryFirst = false,
            Force = true,
        };

        var e = await Assert.ThrowsAsync<BaseImageException>(() => new PythonBaseImageBuilder(engine, new CollectingLogger().Logger).EnsureAsync(options, CancellationToken.None));

        var rootfs = work.Combine("rootfs");
        var log = work.Combine(PythonBaseImageBuilder.FailedBootstrapLog);
        Assert.Contains("debootstrap exited with code", e.Message);
        Assert.Contains($"see {log}", e.Message);
        Assert.Contains($"Failed getting release file http://127.0.0.1:{port}/debian", e.Message);
        Assert.Contains("Connection refused", await File.ReadAllTextAsync(log));
        Assert.False(Directory.Exists(rootfs), "the half-made root filesystem should be removed");
        Assert.Empty(MountTable.MountsUnder(await File.ReadAllTextAsync("/proc/self/mountinfo"), rootfs));
        Assert.DoesNotContain(RunningCommandLines(), c => c.Contains(rootfs, StringComparison.Ordinal));
    }

    private static IEnumerable<string> RunningCommandLines()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; } // the process ended while we looked
            catch (UnauthorizedAccessException) { continue; }
            yield return text;
        }
    }
}
