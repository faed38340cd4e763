using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipeline.Testing;

/// <summary>
/// A real OCI registry (Debian's <c>docker-registry</c>, the CNCF distribution registry) on 127.0.0.1 with its
/// storage in a temp directory, for tests of the pull path. Plain HTTP: engines must be told to trust it
/// (<see cref="RegistriesConf"/>).
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;

    private LocalRegistry(Process process, TempDirectory directory, string host)
    {
        _process = process;
        _directory = directory;
        Host = host;
    }

    /// <summary><c>127.0.0.1:port</c>, the registry part of image references pushed here.</summary>
    public string Host { get; }

    /// <summary>A registries.conf that marks this registry insecure (HTTP), for an engine started with <c>CONTAINERS_REGISTRIES_CONF</c>.</summary>
    public string RegistriesConf => $"[[registry]]\nlocation = \"{Host}\"\ninsecure = true\n";

    /// <summary>Starts a registry on a free port and waits until it answers <c>GET /v2/</c>.</summary>
    public static async Task<LocalRegistry> StartAsync()
    {
        var directory = new TempDirectory("registry");
        var port = FreePort();
        var config = directory.Write("config.yml", $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory.Path, "data")}
            http:
              addr: 127.0.0.1:{port}
            """);
        var psi = new ProcessStartInfo(FindExecutable(), ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("docker-registry did not start");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, directory, $"127.0.0.1:{port}");
        try
        {
            await registry.WaitUntilAnswersAsync(TimeSpan.FromSeconds(30), () => { lock (output) return output.ToString(); });
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
        return registry;
    }

    /// <summary>
    /// Builds a busybox image with the given <c>ENV</c> lines on <paramref name="engine"/> (which must trust this
    /// registry), pushes it as <c>Host/path</c>, and removes the local copy, so whoever needs it must pull it.
    /// Returns the full reference.
    /// </summary>
    public async Task<string> PushAsync(PodmanService engine, string path, params string[] env)
    {
        var reference = $"{Host}/{path}";
        var colon = reference.LastIndexOf(':');
        var (repository, tag) = (reference[..colon], reference[(colon + 1)..]);
        var busybox = await engine.EnsureBusyboxImageAsync();
        var dockerfile = $"FROM {busybox}\n" + string.Concat(env.Select(e => $"ENV {e}\n"));
        var errors = new List<string>();
        var progress = new SynchronousProgress<JSONMessage>(m => { if (m.Error is not null) errors.Add(m.Error.Message ?? "unknown error"); });
        await using var session = await engine.ConnectAsync();
        var docker = session.Client;
        using var context = await PodmanService.BuildContextAsync(new Dictionary<string, byte[]> { ["Dockerfile"] = Encoding.UTF8.GetBytes(dockerfile) });
        await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [reference], Remove = true, ForceRemove = true }, context, null, null, progress);
        await docker.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, new AuthConfig(), progress);
        try
        {
            if (errors.Count > 0) throw new InvalidOperationException($"Pushing {reference} failed: {string.Join("; ", errors)}");
        }
        finally
        {
            await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters());
        }
        return reference;
    }

    private async Task WaitUntilAnswersAsync(TimeSpan limit, Func<string> output)
    {
        // Readiness poll with a deadline: the registry binds its port asynchronously.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}: {output()}");
            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"docker-registry on {Host} did not answer within {limit.TotalSeconds:0} s: {output()}");
    }

    /// <summary>Stops the registry and deletes its storage.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/docker-registry", "/usr/sbin/docker-registry" })
            if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException("docker-registry is not installed: apt-get install docker-registry (.ci/run does this)");
    }
}
