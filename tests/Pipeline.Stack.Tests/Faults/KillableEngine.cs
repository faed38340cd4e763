using System.Diagnostics;
using Pipeline.Containers.Engine;
using Pipeline.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Pipeline.Stack.Tests.Faults;

/// <summary>
/// A real <c>podman system service</c> of the test's own, started the product's way
/// (<see cref="EngineConnector.StartPodmanAsync(EngineOptions, CancellationToken)"/>, shared storage, its socket and pid
/// file in a folder of its own), that the test can <c>kill -9</c> and start again on the same socket: what a podman
/// service managed by systemd does when it crashes and is restarted. The code under test connects to
/// <see cref="Endpoint"/> as <c>--engine</c> does, so it sees one engine going away and coming back.
/// </summary>
internal sealed class KillableEngine : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("fault-engine");
    private EngineSession? _service;

    private KillableEngine()
    {
    }

    /// <summary>The service's socket (the same after a restart).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Where the build keeps its state (records of running builds); not the service's folder.</summary>
    public string StateDirectory => _folder.Combine("state");

    /// <summary>The running service's process id (from the product's pid file), or null once killed.</summary>
    public int? ServicePid { get; private set; }

    /// <summary>Times <see cref="Kill"/> ended the service.</summary>
    public int Kills { get; private set; }

    public static async Task<KillableEngine> StartAsync()
    {
        var engine = new KillableEngine();
        await engine.RestartAsync();
        return engine;
    }

    /// <summary>A session on <see cref="Endpoint"/> as a build opens it with <c>--engine</c>.</summary>
    public Task<EngineSession> ConnectAsync() =>
        new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = Endpoint.ToString(), PodmanWorkDirectory = StateDirectory });

    /// <summary>SIGKILL of the service process; returns once it is gone. A second call while it is down does nothing.</summary>
    public void Kill()
    {
        if (ServicePid is not { } pid) return;
        ServicePid = null;
        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL
        process.WaitForExit();
        Kills++;
    }

    /// <summary>Starts the service (again) on the same socket; the dead one's session is disposed first (it removes the old socket and pid file).</summary>
    public async Task RestartAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        _service = await new EngineConnector().StartPodmanAsync(new EngineOptions { PodmanWorkDirectory = _folder.Combine("service") }, CancellationToken.None);
        Endpoint = _service.StartedServiceEndpoint!;
        ServicePid = int.Parse(File.ReadAllText(Path.Combine(_folder.Combine("service"), $"podman-{Environment.ProcessId}.pid")).Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Running <c>podman system service</c> processes listening on this engine's socket.</summary>
    public int ServiceProcesses() => ProcessesWith(Endpoint.LocalPath).Count(p => p.Contains("system service", StringComparison.Ordinal));

    /// <summary>Command lines of running processes that contain <paramref name="marker"/>.</summary>
    public static List<string> ProcessesWith(string marker)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            string commandLine;
            try { commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; } // ended while we looked
            catch (UnauthorizedAccessException) { continue; }
            if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.Contains("dotnet", StringComparison.Ordinal))
                found.Add($"{Path.GetFileName(directory)}: {commandLine.Trim()}");
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>
/// A Serilog sink that runs an action (the fault) when the <c>n</c>-th event matching a filter is logged, on the logging
/// thread: the fault lands at a point of the product's own progress, not at a time.
/// </summary>
internal sealed class FaultAtEvent(Func<LogEvent, bool> matches, int n, Action fault) : ILogEventSink
{
    private readonly List<string> _lines = [];
    private int _seen;

    /// <summary>True once the fault ran.</summary>
    public bool Fired { get; private set; }

    /// <summary>Every rendered event, for assertion messages.</summary>
    public string Log { get { lock (_lines) return string.Join("\n", _lines); } }

    public void Emit(LogEvent logEvent)
    {
        lock (_lines) _lines.Add($"{logEvent.Timestamp:HH:mm:ss.fff} {logEvent.Level} {logEvent.RenderMessage()}");
        if (!matches(logEvent) || Interlocked.Increment(ref _seen) != n) return;
        Fired = true;
        fault();
    }
}
