using Docker.DotNet.Models;
using Pipeline.Compose.Loading;
using Pipeline.Containers.Building;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Exec;
using Pipeline.Containers.Stopping;
using Pipeline.Containers.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Dockerd;

/// <summary>The smoke subset (build, exec, stop) against a real dockerd.</summary>
[Collection("dockerd")]
public class DockerdSmokeTests(DockerdService dockerd)
{
    [Fact]
    public void Identifies_docker_without_cache_mounts()
    {
        Assert.Equal(EngineKind.Docker, dockerd.Engine.Info.Kind);
        Assert.False(dockerd.Engine.Info.SupportsCacheMounts);
        Assert.Equal("1.41", dockerd.Engine.Info.ApiVersion);
    }

    [Fact]
    public async Task Builds_degrading_cache_mounts_and_failing_real_errors_clearly()
    {
        using var dir = new TempDirectory("dockerd-build");
        dir.Write("compose.yaml", "services:\n  app:\n    build: ./app\n  broken:\n    build: ./broken\n");
        dir.Write("app/Dockerfile", $"FROM {DockerdService.BusyboxImage}\nRUN --mount=type=cache,target=/cache echo cached > /hi\n");
        dir.Write("broken/Dockerfile", $"FROM {DockerdService.BusyboxImage}\nRUN echo failing && exit 5\n");

        var result = await new ParallelImageBuilder(dockerd.Engine).BuildAsync(new BuildParallelOptions
        {
            Compose = new ComposeLoadOptions { Path = dir.Path },
            Parallelism = 2,
            ContinueOnError = true,
            Retry = new BuildRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(50) },
        });

        var app = result.Rows.Single(r => r.Service == "app");
        Assert.Equal(ImageBuildOutcome.Built, app.Outcome);
        Assert.True(app.SizeBytes > 0);
        var broken = result.Rows.Single(r => r.Service == "broken");
        Assert.Equal(ImageBuildOutcome.Failed, broken.Outcome);
        Assert.Equal(1, broken.Attempts);
        Assert.Contains("exit 5", broken.Error);
        Assert.Contains("Step 2/", broken.FailedStep);
    }

    [Fact]
    public async Task Exec_and_stop()
    {
        using var dir = new TempDirectory("dockerd-stop");
        var project = Path.GetFileName(dir.Path);
        dir.Write("compose.yaml", "services:\n  app:\n    image: busybox\n");
        var created = await dockerd.Engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = DockerdService.BusyboxImage,
            Cmd = ["sleep", "600"],
            Labels = Stopping.StackStopperTests.ComposeLabels(project, "app"),
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await dockerd.Engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        try
        {
            var exec = await new ContainerExecutor(dockerd.Engine).ExecAsync(created.ID, ["sh", "-c", "echo out; echo err >&2; exit 3"]);
            Assert.Equal(3, exec.ExitCode);
            Assert.Equal("out\n", exec.Stdout);
            Assert.Equal("err\n", exec.Stderr);

            var options = new StopOptions { Compose = new ComposeLoadOptions { Path = dir.Path }, GracePeriod = TimeSpan.FromSeconds(1) };
            var stopped = await new StackStopper(dockerd.Engine).StopAsync(options);
            Assert.Equal(StopOutcome.Killed, Assert.Single(stopped.Containers).Outcome);
            Assert.Empty((await new StackStopper(dockerd.Engine).StopAsync(options)).Containers);
        }
        finally
        {
            await dockerd.Engine.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
