using Pipeline.BaseImages.Planning;
using Pipeline.IO;

namespace Pipeline.BaseImages.Tests.Planning;

public sealed class SmallParserTests
{
    [Theory]
    [InlineData("Python 3.11.2\n", "3.11.2")]
    [InlineData("Python 3.13.0rc1", "3.13.0rc1")]
    [InlineData("chroot: failed to run command\n", null)]
    public void Python_version_from_banner(string output, string? expected) =>
        Assert.Equal(expected, PythonVersionParser.Parse(output));

    [Fact]
    public void Python_version_from_image_environment() =>
        Assert.Equal("3.11.9", PythonVersionParser.FromEnvironment(["PATH=/usr/bin", "PYTHON_VERSION=3.11.9", "LANG=C.UTF-8"]));

    [Fact]
    public void Mounts_under_root_deepest_first_with_escapes()
    {
        const string mountInfo = """
            22 1 0:21 / / rw - overlay overlay rw
            41 26 0:38 / /work/base/rootfs/proc rw,relatime - proc proc rw
            42 26 0:5 /null /work/base/rootfs/dev/null rw - devtmpfs udev rw
            43 26 0:39 / /work/base/rootfs2/proc rw - proc proc rw
            44 26 0:40 / /work/base/rootfs/my\040dir rw - tmpfs tmpfs rw
            """;
        Assert.Equal(["/work/base/rootfs/dev/null", "/work/base/rootfs/my dir", "/work/base/rootfs/proc"],
            MountTable.MountsUnder(mountInfo, "/work/base/rootfs/").OrderByDescending(p => p.Length).ThenBy(p => p));
        Assert.Empty(MountTable.MountsUnder(mountInfo, "/elsewhere"));
    }
}
