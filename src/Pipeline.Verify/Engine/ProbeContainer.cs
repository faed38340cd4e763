using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Exec;
using Pipeline.Verify.Checks;
using Serilog;

namespace Pipeline.Verify.Engine;

/// <summary>
/// A throw-away container of the image under test, started with its entrypoint replaced by an idle
/// shell so any image (whatever its ENTRYPOINT/CMD) can be probed with exec. Disposing removes it
/// (forced), also after failures and cancellation.
/// </summary>
internal sealed class ProbeContainer : IAsyncDisposable
{
    private const string IdleCommand = "exec sleep 2147483647";
    private readonly EngineSession _engine;
    private readonly ProbeSettings _settings;
    private readonly ILogger _logger;

    private ProbeContainer(EngineSession engine, string id, ProbeSettings settings, ILogger logger)
    {
        _engine = engine;
        Id = id;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>The container ID.</summary>
    public string Id { get; }

    /// <summary>Creates and starts a probe container for <paramref name="target"/>.</summary>
    public static async Task<ProbeContainer> StartAsync(
        EngineSession engine, VerifyTarget target, ProbeSettings settings, ILogger logger, CancellationToken ct)
    {
        var created = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = target.Image,
            Entrypoint = [.. settings.Shell, IdleCommand],
            Cmd = [],
            Labels = new Dictionary<string, string>
            {
                [ProbeSettings.ProbeLabel] = "probe",
                [ProbeSettings.RunLabel] = settings.RunId,
                [ProbeSettings.ServiceLabel] = target.Service,
            },
            HostConfig = new HostConfig
            {
                // Probes need no network; and this engine needs explicit rlimits to start containers at all.
                NetworkMode = "none",
                Ulimits =
                [
                    new Ulimit { Name = "nofile", Soft = settings.NofileLimit, Hard = settings.NofileLimit },
                    new Ulimit { Name = "nproc", Soft = settings.NprocLimit, Hard = settings.NprocLimit },
                ],
            },
        }, ct);
        var probe = new ProbeContainer(engine, created.ID, settings, logger);
        try
        {
            await engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            return probe;
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="shellCommand"/> with the probe shell; a timeout is reported, not thrown.</summary>
    public async Task<CommandOutput> ExecAsync(string shellCommand, TimeSpan timeout, CancellationToken ct)
    {
        var exec = await _engine.Client.Exec.CreateContainerExecAsync(Id, new ContainerExecCreateParameters
        {
            Cmd = [.. _settings.Shell, shellCommand],
            AttachStdout = true,
            AttachStderr = true,
        }, ct);

        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        var stdout = new OutputCapture(_settings.MaxOutputChars);
        var stderr = new OutputCapture(_settings.MaxOutputChars);
        var timedOut = false;
        using (var stream = await _engine.Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), linked.Token))
        {
            // Disposing the stream is what reliably unblocks a pending read on a hung command.
            await using var unblock = linked.Token.Register(stream.Dispose);
            try
            {
                await ReadAllAsync(stream, stdout, stderr, linked.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException
                                      && timeoutCts.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                timedOut = true;
            }
            catch (Exception e) when (e is ObjectDisposedException or IOException && ct.IsCancellationRequested)
            {
                throw new OperationCanceledException("Verification was cancelled", e, ct);
            }
        }

        long? exitCode = null;
        if (!timedOut)
            exitCode = await ContainerExecutor.ReadExitCodeAsync(_engine, exec.ID, ct);
        return new CommandOutput(exitCode, stdout.ToString(), stderr.ToString(), timedOut, timeout);
    }

    private static async Task ReadAllAsync(MultiplexedStream stream, OutputCapture stdout, OutputCapture stderr, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF) return;
            (read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout).Append(buffer, read.Count);
        }
    }

    /// <summary>Force-removes the container and ends its exec monitors (never cancelled by the run's token: cleanup must happen after Ctrl+C too).</summary>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(_settings.RemoveTimeout);
        try
        {
            await _engine.Client.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true }, cts.Token);
            // Each exec left a conmon that would wait 5 minutes to clean up a session the removal already ended.
            ExecMonitors.EndFor(_engine, [Id]);
        }
        catch (DockerContainerNotFoundException)
        {
            ExecMonitors.EndFor(_engine, [Id]); // already gone: only its exec monitors may be left
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            _logger.Warning("Could not remove probe container {Container:l}: {Error:l} (remove it with: podman rm -f {Container:l})",
                Id[..Math.Min(12, Id.Length)], e.Message);
        }
    }
}
