using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

/// <summary>
/// compose's <c>build.cache_to</c> and <c>build.cache_from</c> between two machines — two podman services with storage
/// of their own — and a real registry (Debian's docker-registry on 127.0.0.1): the first pushes the image it built as
/// the cache image, the second pulls that image before building its own.
/// </summary>
public sealed class CacheFromToTests
{
    [Fact]
    public async Task Cache_to_pushes_the_built_image_and_the_next_machine_pulls_it_as_its_cache_from()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await using var first = await PodmanService.StartIsolatedAsync(registry.RegistriesConf);
        await using var other = await PodmanService.StartIsolatedAsync(registry.RegistriesConf);
        var baseImage = await registry.PushAsync(first, "base:1", "BASE=1");
        var cache = $"{registry.Host}/stack/api:cache";
        using var dir = new TempDirectory("bp-cache-from-to");
        dir.Write("compose.yaml", $"""
            services:
              api:
                build:
                  context: ./api
                  cache_from: [{cache}]
                  cache_to: ["type=registry,ref={cache},mode=max"]
            """);
        // The second machine's compose file only reads the cache (its own push would retag the image pulled).
        dir.Write("second.yaml", $"services:\n  api:\n    build:\n      context: ./api\n      cache_from: [\"type=registry,ref={cache}\"]\n");
        dir.Write("api/Dockerfile", $"FROM {baseImage}\nCOPY app.txt /app.txt\nRUN cat /app.txt > /copy.txt\n");
        dir.Write("api/app.txt", "api");
        // --cache-to/--cache-from too: every image as REPOSITORY/NAME:cache, beside the compose file's own.
        var options = new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = dir.Path }, CacheTo = $"{registry.Host}/ci" };
        var second = options with { Compose = new ComposeLoadOptions { Path = dir.Combine("second.yaml") } };

        IList<string>? pushedLayers;
        string image;
        await using (var engine = await first.ConnectAsync())
        {
            // The registry has no cache image yet: not an error, the image is built, then pushed as cache_to says.
            var row = Assert.Single((await new ParallelImageBuilder(engine).BuildAsync(options)).Rows);
            Assert.Equal(ImageBuildOutcome.Built, row.Outcome);
            Assert.Null(row.Error);
            image = row.Image;
            pushedLayers = (await engine.Client.Images.InspectImageAsync(row.Image)).RootFS.Layers;
            Assert.NotEmpty(pushedLayers!);
        }

        await using (var engine = await other.ConnectAsync())
        {
            // This machine has nothing (no cache image, no base image): cache_from pulls what the first pushed. (podman
            // 4.3's builder does not reuse a pulled image's layers, so the steps run again here; dockerd is given them.)
            var row = Assert.Single((await new ParallelImageBuilder(engine).BuildAsync(second with { CacheTo = null, CacheFrom = $"{registry.Host}/ci" })).Rows);
            Assert.True(row.Outcome == ImageBuildOutcome.Built, $"{row.Outcome}: {row.Error} at {row.FailedStep}: {row.Output}");
            Assert.Null(row.Error);
            Assert.Equal(pushedLayers, (await engine.Client.Images.InspectImageAsync(cache)).RootFS.Layers);
            var name = Pipeline.Containers.Context.ImageReference.Parse(image).Path;
            var fromRepository = $"{registry.Host}/ci/{name[(name.LastIndexOf('/') + 1)..]}:cache";
            Assert.Equal(pushedLayers, (await engine.Client.Images.InspectImageAsync(fromRepository)).RootFS.Layers);
        }
    }

    [Fact]
    public async Task A_cache_to_push_that_fails_is_noted_on_the_row_and_the_build_succeeds()
    {
        await using var engine = await Support.PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-cache-to-down");
        // A port nothing listens on: the push fails, the cache_from pull before it too.
        dir.Write("compose.yaml", "services:\n  app:\n    build:\n      context: ./app\n      cache_from: [127.0.0.1:9/stack/app:cache]\n      cache_to: [127.0.0.1:9/stack/app:cache]\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanService.BusyboxImage}\nRUN echo {Guid.NewGuid():N}\n");

        await Support.PodmanEngine.BuildThenRemoveAsync(engine, new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = dir.Path } }, result =>
        {
            var row = Assert.Single(result.Rows);
            Assert.Equal(ImageBuildOutcome.Built, row.Outcome);
            Assert.StartsWith("built; cache_to push failed: 127.0.0.1:9/stack/app:cache: ", row.Error);
            Assert.True(result.Success);
        });
    }
}
