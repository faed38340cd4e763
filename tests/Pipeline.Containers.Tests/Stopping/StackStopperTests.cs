using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Stopping;
using Pipeline.Containers.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Stopping;

/// <summary>Stop against real containers on the test run's podman.</summary>
public class StackStopperTests
{
    internal static async Task<string> RunAsync(EngineSession engine, string name, IDictionary<string, string> labels, params string[] command)
    {
        var created = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = PodmanEngine.Busybox,
            Cmd = command,
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    /// <summary>The labels docker compose (or podman-compose) puts on a container it creates for a service.</summary>
    internal static Dictionary<string, string> ComposeLabels(string project, string service, bool podmanCompose = false)
    {
        var labels = new Dictionary<string, string>
        {
            ["com.docker.compose.project"] = project,
            ["com.docker.compose.service"] = service,
            ["com.docker.compose.container-number"] = "1",
        };
        if (podmanCompose)
        {
            labels["io.podman.compose.project"] = project;
            labels["io.podman.compose.service"] = service;
            labels.Remove("com.docker.compose.project"); // older podman-compose versions set only their own project label
        }
        return labels;
    }

    internal static async Task<bool> IsRunningAsync(EngineSession engine, string id) =>
        (await engine.Client.Containers.InspectContainerAsync(id)).State!.Running;

    [Fact]
    public async Task Stops_only_the_projects_containers_and_is_idempotent()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("stop");
        var project = Path.GetFileName(dir.Path);
        var suffix = project[^6..];
        dir.Write("compose.yaml", $"services:\n  named:\n    image: busybox\n    container_name: named-{suffix}\n  other:\n    image: busybox\n");
        var sleepForever = new[] { "sleep", "600" };              // ignores SIGTERM as PID 1: killed after the grace period
        var politeShell = new[] { "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done" };
        var ids = new List<string>
        {
            await RunAsync(engine, $"docker-label-{suffix}", ComposeLabels(project, "other"), politeShell),
            await RunAsync(engine, $"podman-label-{suffix}", ComposeLabels(project, "other", podmanCompose: true), sleepForever),
            await RunAsync(engine, $"named-{suffix}", new Dictionary<string, string>(), politeShell),
        };
        var bystander = await RunAsync(engine, $"bystander-{suffix}", ComposeLabels(project + "-other", "other"), sleepForever);
        var stopper = new StackStopper(engine);
        var options = new StopOptions { Compose = new ComposeLoadOptions { Path = dir.Path }, GracePeriod = TimeSpan.FromSeconds(1) };
        try
        {
            var result = await stopper.StopAsync(options);

            Assert.True(result.Success);
            Assert.Equal(project, result.Project);
            Assert.Equal([$"docker-label-{suffix}", $"named-{suffix}", $"podman-label-{suffix}"], result.Containers.Select(c => c.Name));
            Assert.Equal(StopOutcome.Stopped, result.Containers.Single(c => c.Name == $"docker-label-{suffix}").Outcome);
            Assert.Equal(StopOutcome.Killed, result.Containers.Single(c => c.Name == $"podman-label-{suffix}").Outcome);
            Assert.Equal($"container_name named-{suffix}", result.Containers.Single(c => c.Name == $"named-{suffix}").MatchedBy);
            foreach (var id in ids) Assert.False(await IsRunningAsync(engine, id));
            Assert.True(await IsRunningAsync(engine, bystander));

            var again = await stopper.StopAsync(options);
            Assert.True(again.Success);
            Assert.Empty(again.Containers);
        }
        finally
        {
            foreach (var id in ids.Append(bystander))
                await engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }
    }

    [Fact]
    public async Task A_container_started_by_hand_from_a_stack_image_survives_Stop()
    {
        await using var engine = await PodmanEngine.ConnectAsync();
        using var dir = new TempDirectory("stop-image");
        var project = Path.GetFileName(dir.Path);
        dir.Write("compose.yaml", "services:\n  api:\n    build: ./api\n");
        dir.Write("api/Dockerfile", $"FROM {PodmanEngine.Busybox}\nCMD [\"sleep\", \"600\"]\n");
        var build = await new ParallelImageBuilder(engine).BuildAsync(new BuildParallelOptions { Compose = new ComposeLoadOptions { Path = dir.Path } });
        var image = Assert.Single(build.Rows).Image;
        var ids = new List<string>();
        try
        {
            Assert.True(build.Success, build.Rows[0].Error);
            // The stack image carries the compose project and service labels: a container run from it inherits them.
            Assert.Equal(project, (await engine.Client.Images.InspectImageAsync(image)).Config!.Labels!["com.docker.compose.project"]);
            async Task<string> StartAsync(string name, IDictionary<string, string> labels)
            {
                var created = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
                {
                    Name = name, Image = image, Labels = labels, HostConfig = new HostConfig { NetworkMode = "none" },
                });
                ids.Add(created.ID);
                await engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
                return created.ID;
            }
            var debug = await StartAsync($"debug-{project[^6..]}", new Dictionary<string, string>()); // podman run -d --name debug <image>
            var composed = await StartAsync($"{project}-api-1", ComposeLabels(project, "api"));
            Assert.Equal(project, (await engine.Client.Containers.InspectContainerAsync(debug)).Config!.Labels!["com.docker.compose.project"]);

            var result = await new StackStopper(engine).StopAsync(new StopOptions { Compose = new ComposeLoadOptions { Path = dir.Path }, GracePeriod = TimeSpan.FromSeconds(1) });

            Assert.Equal([$"{project}-api-1"], result.Containers.Select(c => c.Name));
            Assert.False(await IsRunningAsync(engine, composed));
            Assert.True(await IsRunningAsync(engine, debug));
        }
        finally
        {
            foreach (var id in ids)
                await engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            await PodmanEngine.RemoveImagesAsync(engine, [image]);
        }
    }
}
