using System.Diagnostics;
using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Testing;

/// <summary>
/// A real podman API socket for integration tests, started the product's way: <see cref="TestEngine"/> (the service
/// named by <c>PIPELINE_TEST_ENGINE</c>, set by <c>./build.sh Test</c>, else one started by
/// <see cref="EngineConnector.StartPodmanAsync(EngineOptions, CancellationToken)"/> for the life of the test process),
/// and <see cref="EngineConnector.StartPodmanAsync(EngineOptions, CancellationToken)"/> for services of a test's own.
/// Tests talk to it through <see cref="EngineSession"/>s from <see cref="ConnectAsync"/>.
/// </summary>
public sealed class PodmanService : IAsyncDisposable
{
    /// <summary>A tiny local image: FROM scratch plus Debian's static busybox. Needs no registry.</summary>
    public const string BusyboxImage = "localhost/pipeline-test-busybox:latest";

    private static readonly Lazy<Task<PodmanService>> Shared = new(StartSharedAsync);
    private static readonly SemaphoreSlim BusyboxLock = new(1, 1);

    // One folder for every test run's services: the product's pid files there let a run end the services of runs
    // whose test host died; a test's own services get a subfolder named by the owner's pid, removed on dispose.
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "pipeline-test-engine");

    private readonly EngineSession? _ownSession;
    private readonly string? _ownDirectory;

    private PodmanService(Uri endpoint, EngineSession? ownSession = null, string? ownDirectory = null)
    {
        Endpoint = endpoint;
        _ownSession = ownSession;
        _ownDirectory = ownDirectory;
    }

    /// <summary>The engine's API endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The process-wide instance, started on first use.</summary>
    public static Task<PodmanService> GetAsync() => Shared.Value;

    /// <summary>A new session on <see cref="Endpoint"/>, as a build opens one with <c>--engine</c>; dispose it.</summary>
    public Task<EngineSession> ConnectAsync(CancellationToken ct = default) =>
        new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = Endpoint.ToString() }, ct);

    /// <summary>Builds <see cref="BusyboxImage"/> once (through the API, from a tar context).</summary>
    public async Task<string> EnsureBusyboxImageAsync(CancellationToken ct = default)
    {
        await BusyboxLock.WaitAsync(ct);
        try
        {
            await using var engine = await ConnectAsync(ct);
            var client = engine.Client;
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

    private static async Task<PodmanService> StartSharedAsync()
    {
        Directory.CreateDirectory(Root);
        SweepOwnFolders();
        var engine = await TestEngine.StartAsync(Root, Log.Logger, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new PodmanService(engine.Endpoint);
    }

    /// <summary>
    /// A podman API service of the test's own (same storage as the shared one), whose registries.conf is
    /// <paramref name="registriesConf"/>: registry trust is engine configuration, read when the service starts.
    /// Dispose it to stop the service.
    /// </summary>
    public static async Task<PodmanService> StartOwnAsync(string registriesConf)
    {
        var directory = OwnFolder();
        var registries = Path.Combine(directory, "registries.conf");
        await File.WriteAllTextAsync(registries, registriesConf);
        return await StartOwnAsync(directory, new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = registries }, storageConf: null);
    }

    /// <summary>
    /// A podman API service with storage of its own that also reads <paramref name="registriesConf"/> (e.g. a local
    /// insecure registry): another machine, as far as images go. Dispose it.
    /// </summary>
    public static async Task<PodmanService> StartIsolatedAsync(string registriesConf)
    {
        var directory = OwnFolder();
        var storageConf = Path.Combine(directory, "storage.conf");
        await File.WriteAllTextAsync(storageConf,
            $"[storage]\ndriver = \"overlay\"\ngraphroot = \"{Path.Combine(directory, "graph")}\"\nrunroot = \"{Path.Combine(directory, "run")}\"\n");
        var registries = Path.Combine(directory, "registries.conf");
        await File.WriteAllTextAsync(registries, registriesConf);
        return await StartOwnAsync(directory,
            new Dictionary<string, string> { ["CONTAINERS_STORAGE_CONF"] = storageConf, ["CONTAINERS_REGISTRIES_CONF"] = registries }, storageConf);
    }

    /// <summary>
    /// A podman API service with storage of its own (graph and run roots in its folder): for tests that count or
    /// remove everything of a kind, which on the shared storage would see (and could break) other builds.
    /// <see cref="StorageConf"/> points other tools (buildah, podman CLI) at the same storage. Dispose it.
    /// </summary>
    public static async Task<PodmanService> StartIsolatedAsync()
    {
        var directory = OwnFolder();
        var storageConf = Path.Combine(directory, "storage.conf");
        await File.WriteAllTextAsync(storageConf,
            $"[storage]\ndriver = \"overlay\"\ngraphroot = \"{Path.Combine(directory, "graph")}\"\nrunroot = \"{Path.Combine(directory, "run")}\"\n");
        return await StartOwnAsync(directory, new Dictionary<string, string> { ["CONTAINERS_STORAGE_CONF"] = storageConf }, storageConf);
    }

    /// <summary>The storage.conf of an isolated service (null for shared storage); pass it as <c>CONTAINERS_STORAGE_CONF</c>.</summary>
    public string? StorageConf { get; private init; }

    private static async Task<PodmanService> StartOwnAsync(string directory, IReadOnlyDictionary<string, string> environment, string? storageConf)
    {
        try
        {
            var session = await new EngineConnector().StartPodmanAsync(
                new EngineOptions { PodmanWorkDirectory = directory, PodmanEnvironment = environment }, CancellationToken.None);
            return new PodmanService(session.StartedServiceEndpoint!, ownSession: session, ownDirectory: directory) { StorageConf = storageConf };
        }
        catch
        {
            DeleteFolder(directory, storage: storageConf is not null);
            throw;
        }
    }

    private static string OwnFolder()
    {
        // At every start, not only the shared service's: a run whose shared service was already up (or given by
        // PIPELINE_TEST_ENGINE) still removes what killed hosts left.
        Directory.CreateDirectory(Root);
        SweepOwnFolders();
        var directory = Path.Combine(Root, $"own-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    // A test host that died took its own services along (the product starts them with a parent-death signal); their
    // folders stay: remove those whose owner is gone.
    private static void SweepOwnFolders()
    {
        foreach (var directory in Directory.EnumerateDirectories(Root, "own-*"))
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length != 3 || !int.TryParse(parts[1], out var owner) || owner == Environment.ProcessId || Directory.Exists($"/proc/{owner}")) continue;
            DeleteFolder(directory, storage: File.Exists(Path.Combine(directory, "storage.conf")));
        }
    }

    private static void DeleteFolder(string directory, bool storage)
    {
        if (storage)
        {
            // The overlay driver mounts its folder on itself, and containers' merged folders: unmount them (only this
            // service's own storage) or they stay.
            Pipeline.IO.MountTable.UnmountAllAsync(directory, CancellationToken.None).GetAwaiter().GetResult();
        }
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Stops a service this instance started (the shared one stops when the test process exits).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownSession is null) return;
        await _ownSession.DisposeAsync();
        DeleteFolder(_ownDirectory!, StorageConf is not null);
    }
}
