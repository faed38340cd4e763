using Pipeline.Containers.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.BaseImages;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Support;

/// <summary>
/// Runs scripts in throw-away containers of the stack's Python base image (Debian's python3 and pip 23.0.1)
/// through a real podman API socket. Containers share the host's network so they reach an index on 127.0.0.1.
/// </summary>
public sealed class PythonContainer : IAsyncLifetime
{
    /// <summary>How long one container may run before the test gives up (and removes it).</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The whole environment of the script: nothing from the image or the host leaks in (no stray PIP_*).</summary>
    private static readonly string[] Environment =
    [
        "HOME=/root",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C.UTF-8",
        "PIP_DISABLE_PIP_VERSION_CHECK=1",
        "PIP_NO_INPUT=1",
        "PIP_NO_COLOR=1",
        "PIP_ROOT_USER_ACTION=ignore",
    ];

    private EngineSession? _engine;

    /// <summary>The image the containers run, e.g. <c>localhost/pipeline/python:3.11-slim</c>.</summary>
    public string Image { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var podman = await PodmanService.GetAsync();
        _engine = await podman.ConnectAsync();
        var image = await new PythonBaseImageBuilder(_engine).EnsureAsync(
            new PythonBaseImageOptions { WorkDirectory = PythonBaseImageOptions.DefaultWorkDirectory(RepoPaths.Root) },
            CancellationToken.None);
        Image = image.Tag;
    }

    /// <summary>Runs <paramref name="script"/> with <c>sh -c</c> as root in a new container, then removes the container.</summary>
    public async Task<HostPython.Run> RunAsync(ShellScript script, CancellationToken ct = default)
    {
        var docker = _engine?.Client ?? throw new InvalidOperationException("The fixture is not initialised");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RunTimeout);
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = Image,
            // env -i: the script sees exactly Environment, whatever the image or engine adds.
            Cmd = ["env", "-i", .. Environment, "sh", "-c", script.ToString()],
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                Ulimits =
                [
                    new Ulimit { Name = "nofile", Soft = 1024, Hard = 1024 },
                    new Ulimit { Name = "nproc", Soft = 4096, Hard = 4096 },
                ],
            },
        }, timeout.Token);
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
            var exit = await docker.Containers.WaitContainerAsync(created.ID, timeout.Token);
            using var logs = await docker.Containers.GetContainerLogsAsync(created.ID,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, timeout.Token);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(timeout.Token);
            return new HostPython.Run((int)exit.StatusCode, stdout, stderr);
        }
        finally
        {
            // Not the (possibly cancelled) test token: the container must go in every case.
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync();
    }
}
