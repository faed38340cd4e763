using CliWrap;
using CliWrap.Buffered;
using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Engine;

/// <summary>CleanEngine and the sweep of killed builds on a podman of its own (own storage): they may remove everything of Pipeline's there, and must remove nothing else.</summary>
public class EngineCleanerTests
{
    [Fact]
    public async Task Removes_only_what_carries_Pipelines_labels()
    {
        await using var podman = await PodmanService.StartIsolatedAsync();
        await podman.EnsureBusyboxImageAsync();
        await using var engine = await new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = podman.Endpoint.ToString() });
        using var dir = new TempDirectory("clean-engine");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n");
        dir.Write("app/Dockerfile", $"FROM {PodmanService.BusyboxImage}\nCOPY data.txt /data.txt\n");
        dir.Write("app/data.txt", "one");
        var options = new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = dir.Path } };
        var first = await new ParallelImageBuilder(engine).BuildAsync(options);
        var replaced = (await engine.Client.Images.InspectImageAsync(first.Rows[0].Image)).ID;
        dir.Write("app/data.txt", "two");
        var second = await new ParallelImageBuilder(engine).BuildAsync(options);
        Assert.True(first.Success && second.Success);
        var current = (await engine.Client.Images.InspectImageAsync(second.Rows[0].Image)).ID;
        Assert.NotEqual(replaced, current); // the first image is now untagged, with Pipeline's label

        // An untagged image that is not Pipeline's: the same tag built twice without Pipeline.
        var foreign = new List<string>();
        foreach (var text in new[] { "a", "b" })
            foreign.Add(await BuildWithoutPipelineAsync(engine, "localhost/not-pipeline:1", text));

        // Working containers as a stopped build leaves them: one on Pipeline's image, one on a foreign one.
        var ours = await BuildahFromAsync(podman, current);
        var theirs = await BuildahFromAsync(podman, PodmanService.BusyboxImage);
        var probe = await CreateAsync(engine, new Dictionary<string, string> { [EngineCleaner.ProbeLabel] = "probe" });
        var plain = await CreateAsync(engine, new Dictionary<string, string> { ["com.docker.compose.project"] = "x" });

        var result = await new EngineCleaner(engine).CleanAsync();

        Assert.Equal((1, 1, 1), (result.WorkingContainers, result.ProbeContainers, result.Images));
        Assert.Empty(result.Failures);
        var working = (await WorkingContainers.ListAsync(engine, CancellationToken.None)).Select(c => c.Id).ToList();
        Assert.DoesNotContain(ours, working);
        Assert.Contains(theirs, working);
        var containers = (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true })).Select(c => c.ID).ToList();
        Assert.DoesNotContain(probe, containers);
        Assert.Contains(plain, containers);
        await Assert.ThrowsAsync<Docker.DotNet.DockerImageNotFoundException>(() => engine.Client.Images.InspectImageAsync(replaced));
        await engine.Client.Images.InspectImageAsync(foreign[0]); // untagged, but not Pipeline's: kept
        await engine.Client.Images.InspectImageAsync(current);

        var again = await new EngineCleaner(engine).CleanAsync();
        Assert.Equal((0, 0, 0), (again.WorkingContainers, again.ProbeContainers, again.Images));
    }

    [Fact]
    public async Task The_next_build_removes_the_working_container_a_killed_build_left_and_nothing_else()
    {
        // kill -9 of a build cleans nothing up: the next build finds the record the killed run kept while it ran.
        await using var podman = await PodmanService.StartIsolatedAsync();
        await podman.EnsureBusyboxImageAsync();
        using var dir = new TempDirectory("killed-build");
        await using var engine = await new EngineConnector().ConnectAsync(
            new EngineOptions { Endpoint = podman.Endpoint.ToString(), PodmanWorkDirectory = dir.Combine("state") });
        var busybox = (await engine.Client.Images.InspectImageAsync(PodmanService.BusyboxImage)).ID;
        var records = Path.Combine(engine.StateDirectory, "builds"); // BuildLeftovers.RecordFolder
        Directory.CreateDirectory(records);
        await File.WriteAllTextAsync(Path.Combine(records, $"build-{EngineConnectorTests.FreePid()}-0123.run"),
            $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()}\n{busybox[7..]}\n");
        var killed = await BuildahFromAsync(podman, PodmanService.BusyboxImage); // the killed run's running step
        var theirs = await BuildahFromAsync(podman, await BuildWithoutPipelineAsync(engine, "localhost/not-pipeline:killed", "other"));
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

    // Builds `FROM busybox` + a RUN step as tag, without Pipeline (no labels of its); returns the image ID.
    private static async Task<string> BuildWithoutPipelineAsync(EngineSession engine, string tag, string text)
    {
        using var context = await PodmanService.BuildContextAsync(new Dictionary<string, byte[]>
        {
            ["Dockerfile"] = System.Text.Encoding.UTF8.GetBytes($"FROM {PodmanService.BusyboxImage}\nRUN echo {text} > /x\n"),
        });
        await engine.Client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [tag], ForceRemove = true },
            context, null, null, new Pipeline.Testing.SynchronousProgress<JSONMessage>(_ => { }));
        return (await engine.Client.Images.InspectImageAsync(tag)).ID;
    }

    private static async Task<string> BuildahFromAsync(PodmanService podman, string image)
    {
        var result = await Cli.Wrap("buildah").WithArguments(["from", image])
            .WithEnvironmentVariables(e => e.Set("CONTAINERS_STORAGE_CONF", podman.StorageConf))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        var name = result.StandardOutput.Trim();
        var inspect = await Cli.Wrap("buildah").WithArguments(["inspect", "--format", "{{.ContainerID}}", name])
            .WithEnvironmentVariables(e => e.Set("CONTAINERS_STORAGE_CONF", podman.StorageConf)).ExecuteBufferedAsync();
        return inspect.StandardOutput.Trim();
    }

    private static async Task<string> CreateAsync(EngineSession engine, IDictionary<string, string> labels) =>
        (await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = PodmanService.BusyboxImage, Cmd = ["true"], Labels = labels, HostConfig = new HostConfig { NetworkMode = "none" },
        })).ID;
}
