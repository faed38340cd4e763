using System.Text;
using CliWrap;
using Docker.DotNet.Models;
using Pipeline.Containers.Engine;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Support;

/// <summary>
/// A real dockerd (Debian <c>docker.io</c>) for the smoke tests, started on a private socket, data root and exec
/// root with <c>--iptables=false</c> (no host firewall changes) and vfs storage, and stopped (SIGINT) at the end.
/// </summary>
public sealed class DockerdService : IAsyncLifetime
{
    public const string BusyboxImage = "pipeline-test-busybox:latest";

    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly StringBuilder _log = new();
    private readonly string _root = Path.Combine("/tmp", $"pipeline-dockerd-{Environment.ProcessId}");
    private Task<CommandResult>? _process;

    public EngineSession Engine { get; private set; } = null!;

    public string Socket => Path.Combine(_root, "docker.sock");

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/dockerd") && !File.Exists("/usr/bin/dockerd"))
            throw new InvalidOperationException("dockerd is not installed: apt-get install docker.io (.ci/run must install it)");
        Directory.CreateDirectory(_root);
        _process = Cli.Wrap("dockerd")
            .WithArguments([
                "--iptables=false", "--ip-masq=false", "--bridge=none", "--storage-driver=vfs",
                "-H", $"unix://{Socket}", "--data-root", Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "exec"),
                "--pidfile", Path.Combine(_root, "docker.pid"),
            ])
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(_log))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(_log))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceful.Token, _graceful.Token).Task;

        var options = new EngineOptions { Endpoint = $"unix://{Socket}", ProbeTimeout = TimeSpan.FromSeconds(2), StartPodmanWhenMissing = false };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Readiness poll with a deadline: dockerd creates its socket after initialising storage and containerd.
        while (true)
        {
            try
            {
                Engine = await new EngineConnector().ConnectAsync(options);
                break;
            }
            catch (EngineUnavailableException) when (DateTime.UtcNow < deadline && !_process.IsCompleted)
            {
                await Task.Delay(200);
            }
            catch (EngineUnavailableException e)
            {
                string log;
                lock (_log) log = _log.ToString();
                throw new InvalidOperationException($"dockerd did not start: {e.Message}\n{log}", e);
            }
        }

        using var context = await PodmanService.BuildContextAsync(new Dictionary<string, byte[]>
        {
            ["Dockerfile"] = "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n"u8.ToArray(),
            ["busybox"] = await File.ReadAllBytesAsync("/bin/busybox"),
        });
        await Engine.Client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [BusyboxImage], ForceRemove = true, Remove = true }, context, null, null, new Progress<JSONMessage>());
    }

    public async Task DisposeAsync()
    {
        if (Engine is not null) await Engine.DisposeAsync();
        _graceful.Cancel();
        _forceful.CancelAfter(TimeSpan.FromSeconds(15));
        try { if (_process is not null) await _process; }
        catch (OperationCanceledException) { }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition("dockerd")]
public sealed class DockerdCollection : ICollectionFixture<DockerdService>;
