using Pipeline.Testing;

namespace Pipeline.Verify.Tests;

public class PodmanSmokeTests
{
    [Fact]
    public async Task Busybox_image_builds_through_the_api()
    {
        var podman = await PodmanService.GetAsync();
        var image = await podman.EnsureBusyboxImageAsync();
        using var client = podman.CreateClient();
        var inspect = await client.Images.InspectImageAsync(image);
        Assert.True(inspect.Size > 0);
    }
}
