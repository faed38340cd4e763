using System.Diagnostics;
using System.Net.Sockets;
using CliWrap;
using Pipeline.Containers.Engine;
using Pipeline.Containers.Tests.Support.Faults;
using Pipeline.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Pipeline.Containers.Tests.Engine;

public class EngineConnectorTests
{
    private static EngineOptions Only(string socket) => new()
    {
        Endpoint = "unix://" + socket,
        ProbeTimeout = TimeSpan.FromSeconds(1),
        StartPodmanWhenMissing = false,
    };

    [Fact]
    public async Task Missing_socket_is_one_clear_line()
    {
        using var dir = new TempDirectory("engine-missing");
        var socket = dir.Combine("nothing.sock");

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => new EngineConnector().ConnectAsync(Only(socket)));

        Assert.Equal($"The container engine given by --engine does not answer: unix://{socket} (--engine): socket does not exist", error.Message);
    }

    [Fact]
    public async Task Stale_socket_is_one_clear_line()
    {
        using var dir = new TempDirectory("engine-stale");
        var socket = dir.Combine("stale.sock");
        // python leaves the socket file behind when it exits (.NET would unlink it): like a crashed daemon.
        await Cli.Wrap("python3").WithArguments(["-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", socket]).ExecuteAsync();
        Assert.True(Path.Exists(socket));

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => new EngineConnector().ConnectAsync(Only(socket)));

        Assert.EndsWith("stale socket: nothing listens on it (connection refused)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Daemon_that_never_answers_is_one_clear_line()
    {
        using var dir = new TempDirectory("engine-silent");
        var socket = dir.Combine("silent.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen(8); // accepts connections into the backlog but never answers

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => new EngineConnector().ConnectAsync(Only(socket)));

        Assert.EndsWith("no answer within 1 s", error.Message);
    }

    [Fact]
    public async Task A_session_whose_engine_went_away_is_one_clear_line()
    {
        // The one engine-unavailable error of a session (BaseImage and Verify check with it before their first call):
        // the engine answered when the session opened, then its socket went away.
        using var dir = new TempDirectory("engine-gone");
        var podman = await PodmanService.GetAsync();
        var proxy = FaultInjectingProxy.Start(dir.Combine("engine.sock"), podman.Endpoint.LocalPath, new FaultPlan("/never", 0, FaultKind.ServiceUnavailable));
        await using var session = await new EngineConnector().ConnectAsync(Only(proxy.SocketPath) with { ProbeTimeout = TimeSpan.FromSeconds(5) });
        await session.EnsureAnswersAsync();
        await proxy.DisposeAsync();

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => session.EnsureAnswersAsync());

        Assert.Equal($"The container engine at unix://{proxy.SocketPath} does not answer any more (socket does not exist): is podman system service / dockerd still running?", error.Message);
    }

    [Fact]
    public async Task Nothing_found_and_no_podman_says_what_to_do()
    {
        using var dir = new TempDirectory("engine-none");
        var options = new EngineOptions
        {
            RootfulPodmanSocket = dir.Combine("a.sock"),
            RootlessPodmanSocket = dir.Combine("b.sock"),
            DockerSocket = dir.Combine("c.sock"),
            PodmanExecutable = dir.Combine("no-such-podman"),
        };

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => new EngineConnector().ConnectAsync(options));

        Assert.Contains("podman is not installed: install podman or pass --engine", error.Message);
        Assert.Contains($"unix://{dir.Combine("c.sock")} (docker): socket does not exist", error.Message);
    }

    [Fact]
    public async Task Connects_to_podman_and_identifies_it()
    {
        var podman = await PodmanService.GetAsync();

        await using var session = await new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = podman.Endpoint.ToString() });

        Assert.Equal(EngineKind.Podman, session.Info.Kind);
        Assert.True(session.Info.SupportsCacheMounts);
        Assert.Matches(@"^\d+\.\d+", session.Info.Version);
        Assert.Matches(@"^1\.\d+$", session.Info.ApiVersion);
    }

    [Fact]
    public async Task Starts_podman_when_no_socket_answers_and_stops_it_at_the_end()
    {
        using var dir = new TempDirectory("engine-start");
        var options = new EngineOptions
        {
            RootfulPodmanSocket = dir.Combine("a.sock"),
            RootlessPodmanSocket = dir.Combine("b.sock"),
            DockerSocket = dir.Combine("c.sock"),
            PodmanWorkDirectory = dir.Combine(".nuke", "temp"),
        };

        var session = await new EngineConnector().ConnectAsync(options);
        var socket = session.Info.Endpoint.LocalPath;
        try
        {
            Assert.True(session.Info.StartedByPipeline);
            Assert.Equal(EngineKind.Podman, session.Info.Kind);
            Assert.Matches(@"^\d+\.\d+\.\d+", session.Info.Version); // from the ping's headers, not the slow /version
            Assert.Matches(@"^1\.\d+$", session.Info.ApiVersion);
            Assert.StartsWith(dir.Combine(".nuke", "temp"), socket);
            Assert.Contains("runtime = \"runc\"", await File.ReadAllTextAsync(dir.Combine(".nuke", "temp", "pipeline-containers.conf")));
            await using var second = await new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = socket });
            Assert.Equal(EngineKind.Podman, second.Info.Kind);
        }
        finally
        {
            await session.DisposeAsync();
        }

        Assert.False(Path.Exists(socket));
        await Assert.ThrowsAsync<EngineUnavailableException>(() => new EngineConnector().ConnectAsync(Only(socket)));
    }

    [Fact]
    public async Task Cancelled_while_the_started_podman_comes_up_stops_it()
    {
        using var dir = new TempDirectory("engine-cancel");
        var workDirectory = dir.Combine(".nuke", "temp");
        var options = new EngineOptions
        {
            RootfulPodmanSocket = dir.Combine("a.sock"),
            RootlessPodmanSocket = dir.Combine("b.sock"),
            DockerSocket = dir.Combine("c.sock"),
            PodmanWorkDirectory = workDirectory,
        };
        using var cancel = new CancellationTokenSource();
        // Cancel at the moment the service process has been started, before it answers: the log line is written then.
        var logger = new LoggerConfiguration().MinimumLevel.Debug()
            .WriteTo.Sink(new OnMessage("Started podman system service", cancel.Cancel)).CreateLogger();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EngineConnector(logger).ConnectAsync(options, cancel.Token));

        Assert.True(cancel.IsCancellationRequested);
        var leaked = ProcessesMentioning(workDirectory);
        foreach (var pid in leaked) Process.GetProcessById(pid).Kill(); // only when the test fails: do not leave it running
        Assert.Empty(leaked);
    }

    [Fact]
    public async Task A_service_left_by_a_build_that_died_is_ended_at_the_next_start()
    {
        using var dir = new TempDirectory("engine-sweep");
        var workDirectory = dir.Combine(".nuke", "temp");
        Directory.CreateDirectory(workDirectory);
        var deadOwner = FreePid(); // the pid of a build process that is gone
        var socket = Path.Combine(workDirectory, $"podman-{deadOwner}.sock");
        // The service that build started, still running (started here without Pipeline's guard, as if setpriv were missing).
        using var orphan = Process.Start(new ProcessStartInfo("podman", ["system", "service", "--time=0", "unix://" + socket])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        await File.WriteAllTextAsync(Path.Combine(workDirectory, $"podman-{deadOwner}.pid"), orphan.Id.ToString());
        try
        {
            var options = new EngineOptions
            {
                RootfulPodmanSocket = dir.Combine("a.sock"), RootlessPodmanSocket = dir.Combine("b.sock"), DockerSocket = dir.Combine("c.sock"),
                PodmanWorkDirectory = workDirectory,
            };
            await using (var session = await new EngineConnector().ConnectAsync(options))
            {
                Assert.True(session.Info.StartedByPipeline);
                await orphan.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)); // ended by the sweep, not by this test
                Assert.False(File.Exists(Path.Combine(workDirectory, $"podman-{deadOwner}.pid")));
                Assert.True(File.Exists(Path.Combine(workDirectory, $"podman-{Environment.ProcessId}.pid"))); // the new one is recorded
            }
            Assert.False(File.Exists(Path.Combine(workDirectory, $"podman-{Environment.ProcessId}.pid")));
            Assert.Empty(ProcessesMentioning(workDirectory));
        }
        finally
        {
            if (!orphan.HasExited) orphan.Kill();
        }
    }

    // A pid no process has now.
    internal static int FreePid()
    {
        for (var pid = 4_000_000; ; pid--)
            if (!Directory.Exists($"/proc/{pid}")) return pid;
    }

    /// <summary>Processes whose command line mentions <paramref name="text"/> (the started service names its socket there).</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { /* the process ended meanwhile */ }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private sealed class OnMessage(string prefix, Action action) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            if (logEvent.MessageTemplate.Text.StartsWith(prefix, StringComparison.Ordinal)) action();
        }
    }
}
