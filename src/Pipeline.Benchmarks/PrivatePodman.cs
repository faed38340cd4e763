using CliWrap;
using Pipeline.Containers.Engine;
using Pipeline.IO;
using Serilog;

namespace Pipeline.Benchmarks;

/// <summary>
/// A <c>podman system service</c> of the benchmark's own, whose <c>TMPDIR</c> is under the work directory. Buildah
/// keeps <c>RUN --mount=type=cache</c> directories under <c>$TMPDIR/buildah-cache-&lt;uid&gt;</c>, so a cold run can
/// empty the pip caches the builds mount without touching the caches of anyone else's builds on the machine. Images
/// and layers live in the machine's normal storage. Disposing stops the service.
/// </summary>
public sealed class PrivatePodman : IAsyncDisposable
{
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private Task<CommandResult>? _process;

    private PrivatePodman(string directory)
    {
        Directory = directory;
        Socket = Path.Combine(directory, "podman.sock");
        TempDirectory = Path.Combine(directory, "tmp");
    }

    /// <summary>The service's own directory.</summary>
    public string Directory { get; }

    /// <summary>The API socket path.</summary>
    public string Socket { get; }

    /// <summary>The service's TMPDIR.</summary>
    public string TempDirectory { get; }

    /// <summary>The endpoint to give the engine connector.</summary>
    public string Endpoint => "unix://" + Socket;

    /// <summary>Where the builds' cache mounts live (one directory per user id).</summary>
    public IEnumerable<string> CacheMountDirectories => System.IO.Directory.Exists(TempDirectory) ? System.IO.Directory.EnumerateDirectories(TempDirectory, "buildah-cache-*") : [];

    /// <summary>Starts the service in <paramref name="directory"/> and waits (up to 30 s) for its socket.</summary>
    public static async Task<PrivatePodman> StartAsync(string directory, ILogger log, CancellationToken ct)
    {
        var podman = new PrivatePodman(Path.GetFullPath(directory));
        System.IO.Directory.CreateDirectory(podman.TempDirectory);
        var conf = Path.Combine(podman.Directory, "containers.conf");
        await AtomicFile.WriteAllTextAsync(conf, PodmanServiceHost.ContainersConf(new EngineOptions()), ct);
        File.Delete(podman.Socket);
        var command = Cli.Wrap("podman")
            .WithArguments(["system", "service", "--time=0", podman.Endpoint])
            .WithEnvironmentVariables(e => e.Set("CONTAINERS_CONF", conf).Set("TMPDIR", podman.TempDirectory))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => log.Debug("benchmark podman: {Line}", line)))
            .WithValidation(CommandResultValidation.None);
        podman._process = command.ExecuteAsync(podman._forceful.Token, podman._graceful.Token).Task;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // The service gives no readiness signal but its socket file; the engine connector pings it after this.
        while (!File.Exists(podman.Socket))
        {
            if (podman._process.IsCompleted || DateTime.UtcNow > deadline)
            {
                await podman.DisposeAsync();
                throw new InvalidOperationException($"podman system service did not open {podman.Socket} within 30 s");
            }
            await Task.Delay(50, ct);
        }
        log.Information("Benchmark podman service on {Endpoint} (cache mounts under {Temp})", podman.Endpoint, podman.TempDirectory);
        return podman;
    }

    /// <summary>Empties the builds' pip cache mounts.</summary>
    public void EmptyCacheMounts()
    {
        foreach (var directory in CacheMountDirectories.ToList()) System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        _graceful.Cancel();
        _forceful.CancelAfter(TimeSpan.FromSeconds(10));
        try { await _process; }
        catch (OperationCanceledException) { /* how CliWrap stops the process */ }
        File.Delete(Socket);
        _graceful.Dispose();
        _forceful.Dispose();
        _process = null;
    }
}
