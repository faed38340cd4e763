using Pipeline.Containers.Engine;
using Pipeline.Containers.Context;
using Docker.DotNet.Models;
using Pipeline.BaseImages.Engine;
using Pipeline.BaseImages.Planning;
using Pipeline.BaseImages.Tests.Support;

namespace Pipeline.BaseImages.Tests.Integration;

/// <summary>
/// Decisions around an existing image, made cheap by a debootstrap that cannot run: if the builder
/// wrongly decides to bootstrap, the test sees that failure.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ReuseDecisionTests(SharedBaseImageFixture fixture)
{
    private PythonBaseImageOptions OptionsFor(string tag, string workDirectory, string debootstrap) => fixture.Options with
    {
        Tag = tag,
        WorkDirectory = workDirectory,
        TryRegistryFirst = false,
        TagWithPythonVersion = false,
        DebootstrapPath = debootstrap,
    };

    [Fact]
    public async Task A_waiting_caller_reuses_the_image_made_while_it_waited_for_the_lock()
    {
        using var work = new TempDirectory("base-image-lock");
        var tag = $"localhost/pipeline-test/python-lock:{Guid.NewGuid():N}"[..60];
        var holder = await WorkDirectoryLock.AcquireAsync(work.Path, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), new CollectingLogger().Logger, CancellationToken.None);
        var images = fixture.Engine.Images;
        // When the builder reports that it waits, "the other process" finishes: it tags the image and releases the lock.
        var log = new CollectingLogger(line =>
        {
            if (!line.Contains("waiting for another process", StringComparison.Ordinal)) return;
            _ = Task.Run(async () =>
            {
                await images.TagAsync(fixture.First.ImageId, ImageReference.Parse(tag), CancellationToken.None);
                await holder.DisposeAsync();
            });
        });
        try
        {
            var result = await new PythonBaseImageBuilder(fixture.Engine, log.Logger)
                .EnsureAsync(OptionsFor(tag, work.Path, FakeDebootstrap.Failing(work)), CancellationToken.None);

            Assert.Equal(BaseImageSource.AlreadyPresent, result.Source);
            Assert.Equal(fixture.First.ImageId, result.ImageId);
        }
        finally
        {
            await holder.DisposeAsync();
            await fixture.Engine.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_image_without_the_current_recipe_label_is_rebuilt()
    {
        using var work = new TempDirectory("base-image-stale");
        var tag = $"localhost/pipeline-test/python-stale:{Guid.NewGuid():N}"[..60];
        var busybox = await fixture.Podman.EnsureBusyboxImageAsync();
        var busyboxId = (await fixture.Engine.Client.Images.InspectImageAsync(busybox)).ID;
        await fixture.Engine.Images.TagAsync(busyboxId, ImageReference.Parse(tag), CancellationToken.None);
        var log = new CollectingLogger();
        try
        {
            var e = await Assert.ThrowsAsync<BaseImageException>(() => new PythonBaseImageBuilder(fixture.Engine, log.Logger)
                .EnsureAsync(OptionsFor(tag, work.Path, FakeDebootstrap.Failing(work)), CancellationToken.None));

            Assert.Contains(FakeDebootstrap.Marker, e.Message);
            Assert.Contains(log.Lines, l => l.Contains("recipe changed (no label", StringComparison.Ordinal));
        }
        finally
        {
            await fixture.Engine.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters(), CancellationToken.None);
        }
    }
}
