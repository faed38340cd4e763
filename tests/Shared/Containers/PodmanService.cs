using System.Diagnostics;
using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipeline.Testing;

/// <summary>
/// A real podman API socket for integration tests. Uses <c>PIPELINE_TEST_ENGINE</c>
/// (a <c>unix://</c> URI, set by <c>.ci/run</c>) when present; otherwise starts
/// <c>podman system service</c> on a private socket with the settings this machine needs
/// (runc, explicit ulimits) for the life of the test process.
/// </summary>
public sealed class PodmanService : IAsyncDisposable
{
    /// <summary>A tiny local image: FROM scratch plus Debian's static busybox. Needs no registry.</summary>
    public const string BusyboxImage = "localhost/pipeline-test-busybox:latest";

    private static readonly Lazy<Task<PodmanService>> Shared = new(StartAsync);
    private static readonly SemaphoreSlim BusyboxLock = new(1, 1);

    private readonly Process? _process;

    private PodmanService(Uri endpoint, Process? process = null)
    {
        Endpoint = endpoint;
        _process = process;
    }

    /// <summary>The engine's API endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The process-wide instance, started on first use.</summary>
    public static Task<PodmanService> GetAsync() => Shared.Value;

    /// <summary>A new API client for <see cref="Endpoint"/>; dispose it.</summary>
    public DockerClient CreateClient() => new DockerClientBuilder().WithEndpoint(Endpoint).Build();

    /// <summary>Builds <see cref="BusyboxImage"/> once (through the API, from a tar context).</summary>
    public async Task<string> EnsureBusyboxImageAsync(CancellationToken ct = default)
    {
        await BusyboxLock.WaitAsync(ct);
        try
        {
            using var client = CreateClient();
            // Inspect by name, not list: podman 4.3 fails a whole image list with "image not known" when
            // another test removes an image at the same moment.
            try
            {
                await client.Images.InspectImageAsync(BusyboxImage, ct);
                return BusyboxImage;
            }
            catch (DockerImageNotFoundException)
            {
            }

            var context = await BuildContextAsync(new Dictionary<string, byte[]>
            {
                ["Dockerfile"] = "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCMD [\"/bin/sh\"]\n"u8.ToArray(),
                ["busybox"] = await File.ReadAllBytesAsync(FindBusybox(), ct),
            });
            var errors = new List<string>();
            await client.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters { Tags = [BusyboxImage], ForceRemove = true, Remove = true },
                context, null, null,
                new SynchronousProgress<JSONMessage>(m => { if (m.Error is not null) errors.Add(m.Error.Message ?? "unknown error"); }), ct);
            if (errors.Count > 0)
                throw new InvalidOperationException("Building the busybox test image failed: " + string.Join("; ", errors));
            return BusyboxImage;
        }
        finally
        {
            BusyboxLock.Release();
        }
    }

    /// <summary>Packs files (name → bytes) into an in-memory tar, as a build context.</summary>
    public static async Task<MemoryStream> BuildContextAsync(IReadOnlyDictionary<string, byte[]> files)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(bytes),
                    Mode = name == "busybox" || name.EndsWith(".sh", StringComparison.Ordinal)
                        ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                };
                await writer.WriteEntryAsync(entry);
            }
        }
        tar.Position = 0;
        return tar;
    }

    private static string FindBusybox()
    {
        foreach (var candidate in new[] { "/bin/busybox", "/usr/bin/busybox" })
            if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException("busybox is not installed: apt-get install busybox-static (.ci/run does this)");
    }

    private static async Task<PodmanService> StartAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PIPELINE_TEST_ENGINE");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var service = new PodmanService(new Uri(fromEnv));
            await service.WaitUntilAnswersAsync(TimeSpan.FromSeconds(30));
            return service;
        }

        SweepOrphans();
        var started = await StartProcessAsync(Path.Combine(Path.GetTempPath(), $"pipeline-podman-{Environment.ProcessId}"), registriesConf: null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            started.Kill();
            started.DeleteDirectory();
        };
        return started;
    }

    /// <summary>
    /// A podman API service of the test's own (same storage as the shared one), whose registries.conf is
    /// <paramref name="registriesConf"/>: registry trust is engine configuration, read when the service starts.
    /// Dispose it to stop the service.
    /// </summary>
    public static Task<PodmanService> StartOwnAsync(string registriesConf) =>
        StartProcessAsync(Path.Combine(Path.GetTempPath(), $"pipeline-podman-{Guid.NewGuid():N}"), registriesConf);

    /// <summary>
    /// A podman API service with storage of its own (graph and run roots in its folder): for tests that count or
    /// remove everything of a kind, which on the shared storage would see (and could break) other builds.
    /// <see cref="StorageConf"/> points other tools (buildah, podman CLI) at the same storage. Dispose it.
    /// </summary>
    public static Task<PodmanService> StartIsolatedAsync() =>
        StartProcessAsync(Path.Combine(Path.GetTempPath(), $"pipeline-podman-{Guid.NewGuid():N}"), registriesConf: null, isolated: true);

    /// <summary>The storage.conf of an isolated service (null for shared storage); pass it as <c>CONTAINERS_STORAGE_CONF</c>.</summary>
    public string? StorageConf { get; private init; }

    private static async Task<PodmanService> StartProcessAsync(string dir, string? registriesConf, bool isolated = false)
    {
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "containers.conf");
        await File.WriteAllTextAsync(conf,
            "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n[engine]\nruntime = \"runc\"\n");
        var socket = Path.Combine(dir, "podman.sock");
        // setpriv --pdeathsig KILL: the kernel ends the service when the test host dies (crash, kill -9), where no
        // ProcessExit handler runs; the owner file lets the next test run sweep it where setpriv is missing.
        var setpriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);
        string[] service = ["podman", "system", "service", "--time=0", $"unix://{socket}"];
        var psi = new ProcessStartInfo(setpriv ?? "podman", setpriv is null ? service[1..] : ["--pdeathsig", "KILL", "--", .. service])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["CONTAINERS_CONF"] = conf;
        string? storageConf = null;
        if (isolated)
        {
            storageConf = Path.Combine(dir, "storage.conf");
            await File.WriteAllTextAsync(storageConf,
                $"[storage]\ndriver = \"overlay\"\ngraphroot = \"{Path.Combine(dir, "graph")}\"\nrunroot = \"{Path.Combine(dir, "run")}\"\n");
            psi.Environment["CONTAINERS_STORAGE_CONF"] = storageConf;
        }
        if (registriesConf is not null)
        {
            var registries = Path.Combine(dir, "registries.conf");
            await File.WriteAllTextAsync(registries, registriesConf);
            psi.Environment["CONTAINERS_REGISTRIES_CONF"] = registries;
        }
        Process process;
        try
        {
            process = StartOnOwnThread(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("podman is not installed: run .ci/run (it installs podman and runc)", e);
        }
        await File.WriteAllTextAsync(Path.Combine(dir, "owner"), Environment.ProcessId.ToString());
        await File.WriteAllTextAsync(Path.Combine(dir, "service.pid"), process.Id.ToString());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new PodmanService(new Uri($"unix://{socket}"), process) { StorageConf = storageConf };
        try
        {
            await started.WaitUntilAnswersAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    // The death signal goes when the thread that started the process ends, and pool threads retire: use a thread
    // that lives as long as the process.
    private static Process StartOnOwnThread(ProcessStartInfo psi)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Process process;
            try { process = Process.Start(psi) ?? throw new InvalidOperationException("podman did not start"); }
            catch (Exception e) { started.SetException(e); return; }
            started.SetResult(process);
            try { process.WaitForExit(); } catch (InvalidOperationException) { }
        }) { IsBackground = true, Name = "podman test service" };
        thread.Start();
        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Ends podman services of earlier test runs whose test host is gone (where setpriv was missing) and removes
    /// their folders: the owner's pid is in the folder, the service's pid beside it, and the service's command line
    /// must still name the folder (a reused pid is left alone).
    /// </summary>
    private static void SweepOrphans()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "pipeline-podman-*"))
        {
            try
            {
                var ownerFile = Path.Combine(dir, "owner");
                if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner)) continue;
                if (owner == Environment.ProcessId || Directory.Exists($"/proc/{owner}")) continue;
                if (int.TryParse(File.ReadAllText(Path.Combine(dir, "service.pid")).Trim(), out var service)
                    && File.ReadAllText($"/proc/{service}/cmdline").Contains(dir, StringComparison.Ordinal))
                    Process.GetProcessById(service).Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // the service ended meanwhile, or the folder is not ours to read
            }
            try
            {
                if (File.Exists(Path.Combine(dir, "owner"))) Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
        }
    }

    private void DeleteDirectory()
    {
        if (StorageConf is not null)
        {
            // The overlay driver mounts its folder on itself: unmount it (only this service's own storage) or it stays.
            var overlay = Path.Combine(Path.GetDirectoryName(Endpoint.AbsolutePath)!, "graph", "overlay");
            if (Directory.Exists(overlay))
                using (var umount = Process.Start(new ProcessStartInfo("umount", [overlay]) { RedirectStandardError = true }))
                    umount?.WaitForExit();
        }
        try { Directory.Delete(Path.GetDirectoryName(Endpoint.AbsolutePath)!, recursive: true); }
        catch (IOException) { }
    }

    private void Kill()
    {
        try { _process?.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    /// <summary>Stops a service this instance started (not the shared one from <c>PIPELINE_TEST_ENGINE</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        DeleteDirectory();
    }

    private async Task WaitUntilAnswersAsync(TimeSpan limit)
    {
        // Readiness poll with a deadline: the service creates its socket asynchronously.
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < limit)
        {
            try
            {
                using var client = CreateClient();
                await client.System.PingAsync();
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or System.Net.Sockets.SocketException or TaskCanceledException)
            {
                last = e;
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"The podman API at {Endpoint} did not answer within {limit.TotalSeconds:0} s", last);
    }
}
