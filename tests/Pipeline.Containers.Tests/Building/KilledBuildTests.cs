using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Tests.Engine;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Building;

/// <summary>
/// A build killed with <c>kill -9</c> cleans nothing up: the next build removes the working container of its running
/// step (found through the record the killed run kept), and nothing else. On a podman of its own (own storage).
/// </summary>
public class KilledBuildTests
{
    [Fact]
    public async Task The_next_build_removes_the_working_container_a_killed_build_left_and_nothing_else()
    {
        await using var podman = await PodmanService.StartIsolatedAsync();
        await podman.EnsureBusyboxImageAsync();
        using var dir = new TempDirectory("killed-build");
        await using var engine = await new EngineConnector().ConnectAsync(
            new EngineOptions { Endpoint = podman.Endpoint.ToString(), PodmanWorkDirectory = dir.Combine("state") });
        var busybox = (await engine.Client.Images.InspectImageAsync(PodmanService.BusyboxImage)).ID;

        // The killed run: its record (as BuildParallel keeps it while it runs) and the container of its running step.
        var records = Path.Combine(engine.StateDirectory, "builds"); // BuildLeftovers.RecordFolder
        Directory.CreateDirectory(records);
        var killedRecord = Path.Combine(records, $"build-{EngineConnectorTests.FreePid()}-0123.run");
        await File.WriteAllTextAsync(killedRecord, $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()}\n{busybox[7..]}\n");
        var killed = await EngineCleanerTests.BuildahFromAsync(podman, PodmanService.BusyboxImage);
        // Someone else's working container, on an image the killed run did not own.
        using (var context = await PodmanService.BuildContextAsync(new Dictionary<string, byte[]>
               {
                   ["Dockerfile"] = System.Text.Encoding.UTF8.GetBytes($"FROM {PodmanService.BusyboxImage}\nRUN echo other > /x\n"),
               }))
            await engine.Client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = ["localhost/not-pipeline:killed"], ForceRemove = true },
                context, null, null, new SynchronousProgress<JSONMessage>(_ => { }));
        var theirs = await EngineCleanerTests.BuildahFromAsync(podman, "localhost/not-pipeline:killed");

        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanService.BusyboxImage}\nCOPY data.txt /data.txt\n");
        dir.Write("app/data.txt", "one");
        var result = await new ParallelImageBuilder(engine).BuildAsync(new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = dir.Path } });

        Assert.True(result.Success, result.Rows[0].Error);
        Assert.Equal("1 working container(s) of killed build runs removed", result.Notes["killed builds"]);
        var working = (await WorkingContainers.ListAsync(engine, CancellationToken.None)).Select(c => c.Id).ToList();
        Assert.DoesNotContain(killed, working);
        Assert.Contains(theirs, working);
        Assert.Empty(Directory.EnumerateFiles(records)); // the killed run's record swept, this run's own removed at its end
    }
}
