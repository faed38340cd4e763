using Pipeline.Benchmarks;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Pipeline.Testing;
using Serilog;

namespace Pipeline.Benchmarks.Tests;

/// <summary>
/// The benchmark's podman service, started through the product's connector: its own image storage (what a copied image
/// and a build land in) and its own TMPDIR (where the builds' cache mounts are, emptied for a cold run).
/// </summary>
public class PrivatePodmanTests
{
    [Fact]
    public async Task The_private_service_keeps_images_and_cache_mounts_in_its_own_directory()
    {
        await (await PodmanService.GetAsync()).EnsureBusyboxImageAsync(); // in the machine's storage
        using var dir = new TempDirectory("private-podman");
        var log = new LoggerConfiguration().CreateLogger();
        string socket;
        await using (var podman = await PrivatePodman.StartAsync(dir.Path, log, CancellationToken.None))
        {
            socket = podman.Socket;
            Assert.StartsWith(dir.Path, socket);
            Assert.True(await podman.CopyImageFromMachineAsync(PodmanService.BusyboxImage, log, CancellationToken.None));
            await using var engine = await new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = podman.Endpoint });
            Assert.Equal(EngineKind.Podman, engine.Info.Kind);
            Assert.Equal(podman.StorageDirectory, (await engine.Client.System.GetSystemInfoAsync()).DockerRootDir);
            Assert.NotNull(await engine.Images.InspectAsync(PodmanService.BusyboxImage));

            await engine.Images.BuildAsync($"FROM {PodmanService.BusyboxImage}\nRUN --mount=type=cache,target=/cache touch /cache/{Guid.NewGuid():N}\n",
                ImageReference.Parse("localhost/pipeline-test/private-podman:1"));

            Assert.NotEmpty(podman.CacheMountDirectories);
            podman.EmptyCacheMounts();
            Assert.Empty(podman.CacheMountDirectories);
        }
        Assert.False(File.Exists(socket)); // the service stopped with it
    }
}
