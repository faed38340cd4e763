using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

/// <summary>
/// Cancelled and failed builds on the real podman leave no working container behind. Other builds share this engine,
/// so each test counts only the working containers that come from its own base image (a unique label: the images
/// its steps commit inherit it). They run alone in this assembly: the cleanup's bounded wait and podman's removal of a
/// running step's container are timing-sensitive when other builds load the engine.
/// </summary>
[Collection(nameof(LeftoverTests))]
public class LeftoverTests
{
    private static async Task<(string Image, string Id)> UniqueBaseAsync(EngineSession engine, string label)
    {
        using var dir = new TempDirectory("leak-base");
        dir.Write("compose.yaml", "services:\n  base:\n    build: ./base\n");
        dir.Write("base/Dockerfile", $"FROM {PodmanEngine.Busybox}\nLABEL io.pipeline.test.leak={label}\n");
        var result = await new ParallelImageBuilder(engine).BuildAsync(new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = dir.Path } });
        Assert.True(result.Success, result.Rows[0].Error);
        var image = result.Rows[0].Image;
        return (image, (await engine.Client.Images.InspectImageAsync(image)).ID);
    }

    /// <summary>Working containers started from <paramref name="baseId"/> or from an image carrying <paramref name="label"/>.</summary>
    internal static async Task<int> CountAsync(EngineSession engine, string baseId, string label)
    {
        var count = 0;
        foreach (var container in await WorkingContainers.ListAsync(engine, CancellationToken.None))
        {
            if (container.ImageId.Length == 0) continue;
            if (baseId.EndsWith(container.ImageId, StringComparison.Ordinal) || container.ImageId == baseId) { count++; continue; }
            try
            {
                var labels = (await engine.Client.Images.InspectImageAsync(container.ImageId)).Config?.Labels;
                if (labels is not null && labels.TryGetValue("io.pipeline.test.leak", out var found) && found == label) count++;
            }
            catch (Docker.DotNet.DockerApiException)
            {
                // another build's step image removed meanwhile: not this test's to count (podman answers 404, or 500
                // "cannot specify 64-byte hexadecimal strings" when the ID no longer names an image)
            }
        }
        return count;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    public async Task A_build_cancelled_in_a_running_step_leaves_no_working_container(int heldStep, int round)
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        var label = $"{Guid.NewGuid():N}-{round}";
        var (baseImage, baseId) = await UniqueBaseAsync(engine, label);
        var images = new List<string> { baseImage };
        try
        {
            var before = await CountAsync(engine, baseId, label);
            await using var barrier = new BarrierServer(parties: 99, timeout: TimeSpan.FromSeconds(120));
            using var dir = new TempDirectory("leak-cancel");
            var hold = $"RUN wget -q -O /dev/null http://127.0.0.1:{barrier.Port}/hold\n";
            dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
            // Held in the first step (its container comes from the base) or the second (from the image step one committed).
            dir.Write("app/Dockerfile", $"FROM {baseImage}\n" + (heldStep == 1 ? hold : $"RUN echo one > /one\n{hold}"));
            images.Add($"{Path.GetFileName(dir.Path)}-app");
            using var cancel = new CancellationTokenSource();

            // A short wait: the held step would run for two minutes, so Pipeline removes its container itself.
            var build = new ParallelImageBuilder(engine).BuildAsync(new BuildParallelOptions
            {
                Compose = new ComposeLoadOptions { Path = dir.Path }, HostNetwork = true, NoCache = true, LeftoverWait = TimeSpan.FromSeconds(1),
            }, cancel.Token);
            await barrier.FirstArrival.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(await CountAsync(engine, baseId, label) > before); // the running step's container exists
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
            Assert.Equal(before, await CountAsync(engine, baseId, label)); // removed while the step was still held
        }
        finally
        {
            await PodmanEngine.RemoveImagesAsync(engine, Enumerable.Reverse(images));
        }
    }

    [Fact]
    public async Task A_failed_step_leaves_no_working_container_and_the_result_says_what_was_cleaned()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        var label = Guid.NewGuid().ToString("N");
        var (baseImage, baseId) = await UniqueBaseAsync(engine, label);
        try
        {
            var before = await CountAsync(engine, baseId, label);
            using var dir = new TempDirectory("leak-fail");
            dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
            dir.Write("app/Dockerfile", $"FROM {baseImage}\nRUN echo one > /one\nRUN exit 3\n");

            var result = await new ParallelImageBuilder(engine).BuildAsync(new BuildParallelOptions
            {
                Compose = new ComposeLoadOptions { Path = dir.Path }, NoCache = true, Retry = new BuildRetryOptions { MaxAttempts = 1 },
            });

            Assert.Equal(ImageBuildOutcome.Failed, Assert.Single(result.Rows).Outcome);
            Assert.Matches(@"^\d+ working container\(s\) removed$", result.Notes["cleaned"]);
            Assert.Equal(before, await CountAsync(engine, baseId, label));
        }
        finally
        {
            await PodmanEngine.RemoveImagesAsync(engine, [baseImage]);
        }
    }
}

/// <summary>Runs <see cref="LeftoverTests"/> with no other test of this assembly at the same time.</summary>
[CollectionDefinition(nameof(LeftoverTests), DisableParallelization = true)]
public sealed class LeftoverTestsCollection;
