using Pipeline.BaseImages.Rootfs;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Rootfs;

public sealed class DebootstrapperTests
{
    [Fact]
    public void Debootstrap_arguments_are_minbase_with_packages_and_cache()
    {
        var args = Debootstrapper.Arguments("bookworm", "/w/rootfs", "http://m/debian", ["python3", "git"], "/w/debs");
        Assert.Equal(["--variant=minbase", "--include=python3,git", "--cache-dir=/w/debs", "bookworm", "/w/rootfs", "http://m/debian"], args);
    }

    [Fact]
    public async Task Failing_debootstrap_gives_one_line_with_exit_code_and_output()
    {
        using var dir = new TempDirectory("fake-debootstrap");
        var script = dir.Write("debootstrap", "#!/bin/sh\necho 'E: Failed getting release file http://m/debian/dists/nosuite/Release' >&2\nexit 1\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var log = new CollectingLogger();

        var e = await Assert.ThrowsAsync<BaseImageException>(() =>
            new Debootstrapper(log.Logger).RunAsync(script, ["nosuite"], dir.Combine("rootfs"), dir.Combine("failed.log"), TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Contains("exited with code 1", e.Message);
        Assert.Contains("Failed getting release file", e.Message);
        Assert.Contains("it wrote no log", e.Message);
        Assert.Contains(log.Lines, l => l.StartsWith("[Debug] debootstrap: E: Failed getting release file"));
    }

    [Fact]
    public async Task Missing_debootstrap_says_how_to_install_it()
    {
        var e = await Assert.ThrowsAsync<BaseImageException>(() =>
            new Debootstrapper(new CollectingLogger().Logger).RunAsync("/nonexistent/debootstrap", [], "/tmp/x", "/tmp/x.log", TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Contains("apt-get install -y debootstrap", e.Message);
    }
}
