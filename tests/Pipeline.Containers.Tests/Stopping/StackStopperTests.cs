using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
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
            await RunAsync(engine, $"docker-label-{suffix}", new Dictionary<string, string> { ["com.docker.compose.project"] = project }, politeShell),
            await RunAsync(engine, $"podman-label-{suffix}", new Dictionary<string, string> { ["io.podman.compose.project"] = project }, sleepForever),
            await RunAsync(engine, $"named-{suffix}", new Dictionary<string, string>(), politeShell),
        };
        var bystander = await RunAsync(engine, $"bystander-{suffix}", new Dictionary<string, string> { ["com.docker.compose.project"] = project + "-other" }, sleepForever);
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
}
