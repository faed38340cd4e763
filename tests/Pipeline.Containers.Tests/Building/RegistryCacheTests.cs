using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

/// <summary>
/// The registry cache between two machines — two podman services with storage of their own — and a real registry
/// (Debian's docker-registry on 127.0.0.1): the first builds and pushes, the second pulls instead of building, and
/// builds what changed.
/// </summary>
public sealed class RegistryCacheTests
{
    [Fact]
    public async Task A_second_machine_pulls_what_the_first_pushed_and_builds_only_what_changed()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await using var first = await PodmanService.StartIsolatedAsync(registry.RegistriesConf);
        await using var second = await PodmanService.StartIsolatedAsync(registry.RegistriesConf);
        // The base image comes from the registry, as on a CI machine, so both machines have it with the same ID.
        var baseImage = await registry.PushAsync(first, "base:1", "BASE=1");
        using var dir = new TempDirectory("bp-registry");
        dir.Write("compose.yaml", "services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n");
        foreach (var service in new[] { "api", "worker" })
        {
            dir.Write($"{service}/Dockerfile", $"FROM {baseImage}\nCOPY app.txt /app.txt\nRUN cat /app.txt\n");
            dir.Write($"{service}/app.txt", service);
        }
        BuildParallelOptions Options(bool push) => new()
        {
            Compose = new ComposeLoadOptions { Path = dir.Path },
            Parallelism = 2,
            RegistryCache = new RegistryCacheOptions { Repository = $"{registry.Host}/stack", Push = push },
        };

        await using (var engine = await first.ConnectAsync())
        {
            var built = await new ParallelImageBuilder(engine).BuildAsync(Options(push: true));
            Assert.All(built.Rows, r => Assert.Equal(ImageBuildOutcome.Built, r.Outcome));
            Assert.All(built.Rows, r => Assert.Null(r.Error));
        }

        // The second machine has nothing: not even the base image.
        await using (var engine = await second.ConnectAsync())
        {
            var pulled = await new ParallelImageBuilder(engine).BuildAsync(Options(push: false));
            Assert.All(pulled.Rows, r => Assert.Equal(ImageBuildOutcome.Pulled, r.Outcome));
            Assert.Equal("2/2", pulled.Notes["pulled"]);
            var image = await engine.Client.Images.InspectImageAsync(pulled.Rows[0].Image);
            Assert.StartsWith("sha256:", image.Config!.Labels![ImageLabels.InputsLabel]);

            // Now the local images are current: up to date, no registry asked.
            var again = await new ParallelImageBuilder(engine).BuildAsync(Options(push: false));
            Assert.All(again.Rows, r => Assert.Equal(ImageBuildOutcome.UpToDate, r.Outcome));

            // One service changed: the registry has nothing for its new inputs, so it is built; the other stays.
            dir.Write("worker/app.txt", "worker v2");
            var changed = await new ParallelImageBuilder(engine).BuildAsync(Options(push: false));
            Assert.Equal(ImageBuildOutcome.UpToDate, changed.Rows.Single(r => r.Service == "api").Outcome);
            Assert.Equal(ImageBuildOutcome.Built, changed.Rows.Single(r => r.Service == "worker").Outcome);
        }
    }

    [Fact]
    public async Task A_registry_that_is_down_is_a_warning_and_the_image_is_built()
    {
        await using var engine = await Support.PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("bp-registry-down");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanService.BusyboxImage}\nRUN echo {Guid.NewGuid():N}\n");

        await Support.PodmanEngine.BuildThenRemoveAsync(engine, new BuildParallelOptions
        {
            Compose = new ComposeLoadOptions { Path = dir.Path },
            // A port nothing listens on.
            RegistryCache = new RegistryCacheOptions { Repository = "127.0.0.1:9/stack", Push = true },
        }, result =>
        {
            var row = Assert.Single(result.Rows);
            Assert.Equal(ImageBuildOutcome.Built, row.Outcome);
            Assert.StartsWith("built; push to the registry cache failed: ", row.Error);
            Assert.True(result.Success);
        });
    }
}
