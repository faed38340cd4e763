using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Engine;

/// <summary>
/// The session's one image API (<see cref="EngineSession.Images"/>) against a real podman with storage of its own and
/// a real registry on 127.0.0.1: what BaseImage, the build's base-image pulls and the registry cache all call.
/// </summary>
public sealed class EngineImagesTests
{
    [Fact]
    public async Task Images_are_pulled_tagged_pushed_and_pulled_again_through_the_session()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await using var podman = await PodmanService.StartIsolatedAsync(registry.RegistriesConf);
        var pushed = await registry.PushAsync(podman, "engine-images/base:1", "MARK=one");
        await using var engine = await podman.ConnectAsync();
        var images = engine.Images;
        Assert.Null(await images.InspectAsync(pushed)); // PushAsync removed the local copy

        var pulled = await images.InspectOrPullAsync(pushed);

        Assert.Contains("MARK=one", pulled.Config!.Env!);
        Assert.Equal(pulled.ID, (await images.GetAsync(pushed)).ID);

        var copy = ImageReference.Parse($"{registry.Host}/engine-images/copy:2");
        await images.TagAsync(pulled.ID, copy);
        Assert.Equal(pulled.ID, (await images.GetAsync(copy.ToString())).ID);
        await images.PushAsync(copy);
        Assert.True(await images.RemoveIfUnusedAsync(copy.ToString()));
        Assert.Null(await images.InspectAsync(copy.ToString()));

        await images.PullAsync(copy);

        Assert.Equal(pulled.ID, (await images.GetAsync(copy.ToString())).ID);
    }

    [Fact]
    public async Task A_missing_image_is_one_line_naming_the_operation_and_the_image()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await using var podman = await PodmanService.StartIsolatedAsync(registry.RegistriesConf);
        await using var engine = await podman.ConnectAsync();
        var images = engine.Images;
        var absent = ImageReference.Parse($"{registry.Host}/engine-images/absent:1");

        var pull = await Assert.ThrowsAsync<EngineImageException>(() => images.PullAsync(absent));
        var get = await Assert.ThrowsAsync<EngineImageException>(() => images.GetAsync("localhost/engine-images/absent:1"));
        var tag = await Assert.ThrowsAsync<EngineImageException>(() => images.TagAsync("localhost/engine-images/absent:1", absent));
        var inspectOrPull = await Assert.ThrowsAsync<EngineImageException>(() => images.InspectOrPullAsync(absent.ToString()));
        var push = await Assert.ThrowsAsync<EngineImageException>(() => images.PushAsync(absent));

        Assert.StartsWith($"Pulling {absent} failed: ", pull.Message);
        Assert.Equal("Inspecting localhost/engine-images/absent:1 failed: the engine has no image localhost/engine-images/absent:1", get.Message);
        Assert.StartsWith($"Tagging localhost/engine-images/absent:1 as {absent} failed: ", tag.Message);
        Assert.StartsWith($"Pulling {absent} failed: ", inspectOrPull.Message);
        Assert.StartsWith($"Pushing {absent} failed: ", push.Message);
        Assert.All(new[] { pull, get, tag, inspectOrPull }, e => Assert.True(e.ImageMissing, e.Message));
        Assert.All(new[] { pull, get, tag, inspectOrPull, push }, e => Assert.DoesNotContain('\n', e.Message));
    }

    [Fact]
    public async Task An_engine_that_went_away_is_EngineUnavailableException_for_every_operation()
    {
        var podman = await PodmanService.StartIsolatedAsync();
        await using var engine = await podman.ConnectAsync();
        await podman.DisposeAsync(); // the service stops; the session still points at its socket
        var images = engine.Images;
        var name = ImageReference.Parse("localhost/engine-images/gone:1");

        var errors = new List<EngineUnavailableException>
        {
            await Assert.ThrowsAsync<EngineUnavailableException>(() => images.InspectAsync(name.ToString())),
            await Assert.ThrowsAsync<EngineUnavailableException>(() => images.PullAsync(name)),
            await Assert.ThrowsAsync<EngineUnavailableException>(() => images.TagAsync("x", name)),
            await Assert.ThrowsAsync<EngineUnavailableException>(() => images.PushAsync(name)),
        };

        Assert.All(errors, e => Assert.Contains($"The container engine at {engine.Info.Endpoint} does not answer any more", e.Message));
        Assert.StartsWith("Inspecting localhost/engine-images/gone:1: ", errors[0].Message);
    }
}
