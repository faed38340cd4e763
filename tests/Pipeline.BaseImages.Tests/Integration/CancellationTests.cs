using Pipeline.BaseImages.Planning;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Integration;

[Collection(EngineCollection.Name)]
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_kills_debootstrap_and_removes_the_root_filesystem()
    {
        var podman = await PodmanService.GetAsync();
        using var docker = podman.CreateClient();
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
            new PythonBaseImageBuilder(docker, log.Logger).EnsureAsync(options, cts.Token));

        var rootfs = work.Combine("rootfs");
        Assert.False(Directory.Exists(rootfs), "the root filesystem should be deleted");
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
