using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipeline.BaseImages.Tests.Support;

/// <summary>Runs a command in a throw-away container (with the ulimits this machine needs) and returns its output.</summary>
public static class ContainerRun
{
    public static async Task<(long ExitCode, string Stdout, string Stderr)> RunAsync(IDockerClient docker, string image, IList<string> command)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Cmd = command,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Ulimits = [new Ulimit { Name = "nofile", Soft = 1024, Hard = 1024 }, new Ulimit { Name = "nproc", Soft = 1024, Hard = 1024 }],
            },
        });
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var wait = await docker.Containers.WaitContainerAsync(created.ID);
            using var logs = await docker.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return (wait.StatusCode, stdout, stderr);
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
