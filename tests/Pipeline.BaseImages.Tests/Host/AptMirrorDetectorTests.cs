using Pipeline.BaseImages.Host;
using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Tests.Host;

public sealed class AptMirrorDetectorTests
{
    [Fact]
    public async Task Mirror_detector_reads_list_and_sources_files_and_ignores_disabled_ones()
    {
        using var apt = new TempDirectory("apt");
        apt.Write("sources.list.d/a-google.list", "deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n");
        apt.Write("sources.list.d/b-disabled.list.disabled", "deb http://disabled.example/debian bookworm main\n");
        apt.Write("sources.list.d/debian.sources", "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\nComponents: main\n");

        Assert.Equal("http://mirror.example/debian", await AptMirrorDetector.DetectAsync("bookworm", CancellationToken.None, apt.Path));
    }

    [Fact]
    public async Task Mirror_detector_falls_back_to_deb_debian_org()
    {
        using var apt = new TempDirectory("apt");
        Assert.Equal(AptSourcesParser.FallbackMirror, await AptMirrorDetector.DetectAsync("bookworm", CancellationToken.None, apt.Path));
    }
}
