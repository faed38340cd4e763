using System.Text;
using CliWrap;
using Pipeline.IO;
using Serilog;

namespace Pipeline.Containers.Engine;

/// <summary>
/// A <c>podman system service</c> process started for the life of a build, on a socket under the work directory,
/// with a private containers.conf (passed via <c>CONTAINERS_CONF</c>: runtime and default ulimits) so no system
/// file is edited. Disposing stops it (SIGINT, then kill); <see cref="ServiceProcessGuard"/> ends it when the build
/// process dies without disposing (setpriv's death signal, else the pid file swept at the next start).
/// </summary>
internal sealed class PodmanServiceHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly StringBuilder _stderr = new();
    private readonly ILogger _logger;
    private Task<CommandResult>? _process;
    private string? _pidFile;

    private PodmanServiceHost(Uri endpoint, string configFile, ILogger logger)
    {
        Endpoint = endpoint;
        ConfigFile = configFile;
        _logger = logger;
    }

    /// <summary>The private containers.conf the service runs with.</summary>
    public string ConfigFile { get; }

    /// <summary>The socket the service listens on.</summary>
    public Uri Endpoint { get; }

    /// <summary>What the service wrote to stderr so far (for error messages).</summary>
    public string ErrorOutput { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process?.IsCompleted ?? true;

    /// <summary>Writes the private containers.conf and starts the service; the caller waits until it answers.</summary>
    /// <exception cref="EngineUnavailableException">podman is not installed.</exception>
    public static async Task<PodmanServiceHost> StartAsync(EngineOptions options, ILogger logger, CancellationToken ct)
    {
        var directory = Path.GetFullPath(options.PodmanWorkDirectory);
        Directory.CreateDirectory(directory);
        var conf = Path.Combine(directory, "pipeline-containers.conf");
        await AtomicFile.WriteAllTextAsync(conf, ContainersConf(options), ct);
        ServiceProcessGuard.Sweep(directory, logger);
        var socket = Path.Combine(directory, $"podman-{Environment.ProcessId}.sock");
        File.Delete(socket); // a stale socket from a crashed build would make the service fail to bind

        var host = new PodmanServiceHost(new Uri("unix://" + socket), conf, logger) { _pidFile = ServiceProcessGuard.PidFile(directory, Environment.ProcessId) };
        var (executable, arguments) = ServiceProcessGuard.Wrap(options.PodmanExecutable, ["system", "service", "--time=0", host.Endpoint.ToString()]);
        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithEnvironmentVariables(env => env.Set(options.PodmanEnvironment.ToDictionary(p => p.Key, p => (string?)p.Value)).Set("CONTAINERS_CONF", conf))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => logger.Debug("podman service: {Line}", line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => { lock (host._stderr) host._stderr.AppendLine(line); }))
            .WithValidation(CommandResultValidation.None);
        try
        {
            var started = StartOnOwnThread(() => command.ExecuteAsync(host._forceful.Token, host._graceful.Token));
            host._process = started.Task;
            ServiceProcessGuard.Record(directory, Environment.ProcessId, started.ProcessId);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EngineUnavailableException($"No container engine answered and '{options.PodmanExecutable}' could not be started: {e.Message}", e);
        }
        logger.Information("Started podman system service on {Endpoint} (runtime {Runtime}, config {Config})", host.Endpoint, options.PodmanRuntime, conf);
        return host;
    }

    // The kernel sends setpriv's death signal when the *thread* that started the process ends, and the thread pool
    // retires idle threads: start it from a thread of its own that lives as long as the process.
    private static CommandTask<CommandResult> StartOnOwnThread(Func<CommandTask<CommandResult>> start)
    {
        var started = new TaskCompletionSource<CommandTask<CommandResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            CommandTask<CommandResult> task;
            try
            {
                task = start();
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }
            started.SetResult(task);
            try { task.Task.GetAwaiter().GetResult(); }
            catch (Exception) { /* the owner awaits the same task and sees its outcome */ }
        }) { IsBackground = true, Name = "podman service" };
        thread.Start();
        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>The private containers.conf text: runtime and default ulimits.</summary>
    public static string ContainersConf(EngineOptions options) =>
        "[containers]\n" +
        $"default_ulimits = [{string.Join(", ", options.PodmanDefaultUlimits.Select(u => $"\"{u}\""))}]\n" +
        "[engine]\n" +
        $"runtime = \"{options.PodmanRuntime}\"\n";

    /// <summary>Stops the service: SIGINT first, kill if it has not exited within 10 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        _graceful.Cancel();
        _forceful.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await _process;
        }
        catch (OperationCanceledException)
        {
            // expected: cancellation is how CliWrap stops the process
        }
        File.Delete(Endpoint.LocalPath);
        if (_pidFile is not null) File.Delete(_pidFile);
        _logger.Information("Stopped podman system service on {Endpoint}", Endpoint);
        _graceful.Dispose();
        _forceful.Dispose();
    }
}
