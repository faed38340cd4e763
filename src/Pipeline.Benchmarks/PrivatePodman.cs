using CliWrap;
using CliWrap.Buffered;
using Pipeline.Containers.Engine;
using Pipeline.IO;
using Serilog;

namespace Pipeline.Benchmarks;

/// <summary>
/// A <c>podman system service</c> of the benchmark's own, with its own image storage and <c>TMPDIR</c> under the work
/// directory. Buildah keeps <c>RUN --mount=type=cache</c> directories under <c>$TMPDIR/buildah-cache</c>,
/// so a cold run can empty the pip caches the builds mount without touching anyone else's; and with storage of its
/// own, another process on the machine that prunes images or containers cannot pull layers from under a build being
/// measured (seen here: "layer not known" mid-build). Disposing stops the service; the storage stays for the next run.
/// </summary>
public sealed class PrivatePodman : IAsyncDisposable
{
    private EngineSession? _session;

    private PrivatePodman(string directory)
    {
        Directory = directory;
        TempDirectory = Path.Combine(directory, "tmp");
    }

    /// <summary>The service's own directory.</summary>
    public string Directory { get; }

    /// <summary>The API socket path.</summary>
    public string Socket => _session?.StartedServiceEndpoint?.LocalPath ?? throw new ObjectDisposedException(nameof(PrivatePodman));

    /// <summary>The service's image storage (<c>graphroot</c>, <c>--root</c> for the podman CLI).</summary>
    public string StorageDirectory => Path.Combine(Directory, "storage");

    /// <summary>The service's run state (<c>runroot</c>, <c>--runroot</c> for the podman CLI).</summary>
    public string RunDirectory => Path.Combine(Directory, "run");

    /// <summary>Global podman arguments that select this service's storage, for podman commands run next to it.</summary>
    public IReadOnlyList<string> StorageArguments => ["--root", StorageDirectory, "--runroot", RunDirectory];

    /// <summary>The service's TMPDIR.</summary>
    public string TempDirectory { get; }

    /// <summary>The endpoint to give the engine connector.</summary>
    public string Endpoint => "unix://" + Socket;

    /// <summary>Where the builds' cache mounts live (<c>buildah-cache</c>, with a <c>-&lt;uid&gt;</c> suffix in some versions).</summary>
    public IEnumerable<string> CacheMountDirectories => System.IO.Directory.Exists(TempDirectory) ? System.IO.Directory.EnumerateDirectories(TempDirectory, "buildah-cache*") : [];

    /// <summary>
    /// Starts the service in <paramref name="directory"/> the way a build starts one (<see cref="EngineConnector.StartPodmanAsync"/>:
    /// private containers.conf, parent-death signal, waits until it answers), with this storage and TMPDIR.
    /// </summary>
    public static async Task<PrivatePodman> StartAsync(string directory, ILogger log, CancellationToken ct)
    {
        var podman = new PrivatePodman(Path.GetFullPath(directory));
        System.IO.Directory.CreateDirectory(podman.TempDirectory);
        // Storage by storage.conf rather than --root: the connector starts "podman system service" with an environment,
        // and the podman CLI commands below still select the same storage with StorageArguments.
        var storageConf = Path.Combine(podman.Directory, "storage.conf");
        await AtomicFile.WriteAllTextAsync(storageConf,
            $"[storage]\ndriver = \"overlay\"\ngraphroot = \"{podman.StorageDirectory}\"\nrunroot = \"{podman.RunDirectory}\"\n", ct);
        podman._session = await new EngineConnector(log).StartPodmanAsync(new EngineOptions
        {
            PodmanWorkDirectory = podman.Directory,
            PodmanEnvironment = new Dictionary<string, string>
            {
                ["CONTAINERS_STORAGE_CONF"] = storageConf,
                ["TMPDIR"] = podman.TempDirectory,
            },
        }, ct);
        log.Information("Benchmark podman service on {Endpoint} (cache mounts under {Temp})", podman.Endpoint, podman.TempDirectory);
        return podman;
    }

    /// <summary>
    /// Copies <paramref name="image"/> from the machine's storage into this service's when only the machine has it
    /// (the base image: made once per machine, no need to bootstrap it again). Returns true when it copied.
    /// </summary>
    public async Task<bool> CopyImageFromMachineAsync(string image, ILogger log, CancellationToken ct)
    {
        if (await ExistsAsync(StorageArguments, image, ct) || !await ExistsAsync([], image, ct)) return false;
        var archive = Path.Combine(TempDirectory, "image-copy.tar");
        try
        {
            // Buffered: podman prints "Loaded image", and an output nobody reads ends it with SIGPIPE (exit 141).
            string[][] commands = [["save", "--quiet", "--output", archive, image], [.. StorageArguments, "load", "--quiet", "--input", archive]];
            foreach (var args in commands)
            {
                var result = await Cli.Wrap("podman").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
                if (result.ExitCode != 0)
                    throw new BenchmarkException($"podman {args[0]} of {image} failed (exit {result.ExitCode}): {result.StandardError.Trim().Split('\n')[^1]}");
            }
        }
        finally
        {
            File.Delete(archive);
        }
        log.Information("Copied {Image} into the benchmark's image storage", image);
        return true;
    }

    private static async Task<bool> ExistsAsync(IReadOnlyList<string> storage, string image, CancellationToken ct) =>
        (await Cli.Wrap("podman").WithArguments([.. storage, "image", "exists", image])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct)).ExitCode == 0;

    /// <summary>
    /// Empties the layer cache: removes every image of this storage but <paramref name="keep"/> (the base images) and
    /// their parents. A cold run needs an empty cache, not <c>--no-cache</c>: <c>--no-cache</c> builds commit a second
    /// copy of every shared step (FROM, WORKDIR), and the next build's cache lookup then follows one copy and misses the
    /// steps committed on the other, so the warm run after it rebuilt half of what it should have found.
    /// </summary>
    public async Task EmptyLayerCacheAsync(IEnumerable<string> keep, ILogger log, CancellationToken ct)
    {
        var kept = new HashSet<string>();
        foreach (var image in keep)
        {
            var id = await PodmanAsync([.. StorageArguments, "image", "inspect", "--format", "{{.Id}}", image], check: false, ct);
            while (id.Length > 0 && kept.Add(Id(id)))
                id = await PodmanAsync([.. StorageArguments, "image", "inspect", "--format", "{{.Parent}}", id], check: false, ct);
        }
        var all = (await PodmanAsync([.. StorageArguments, "images", "--all", "--quiet", "--no-trunc"], check: true, ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Id).Distinct().ToList();
        var remove = all.Where(id => !kept.Contains(id)).ToList();
        if (remove.Count > 0) await PodmanAsync([.. StorageArguments, "rmi", "--force", .. remove], check: true, ct);
        log.Information("Layer cache emptied: {Removed} image(s) removed, {Kept} kept (base images)", remove.Count, kept.Count);
    }

    private static string Id(string id) => id.Trim().Replace("sha256:", "", StringComparison.Ordinal);

    private static async Task<string> PodmanAsync(IReadOnlyList<string> args, bool check, CancellationToken ct)
    {
        var result = await Cli.Wrap("podman").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        if (check && result.ExitCode != 0)
            throw new BenchmarkException($"podman {string.Join(' ', args.Skip(4).Take(2))} failed (exit {result.ExitCode}): {result.StandardError.Trim().Split('\n')[^1]}");
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : "";
    }

    /// <summary>Empties the builds' pip cache mounts.</summary>
    public void EmptyCacheMounts()
    {
        foreach (var directory in CacheMountDirectories.ToList()) System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_session is null) return;
        await _session.DisposeAsync(); // stops the service it started
        _session = null;
        // The overlay storage mounts itself and the builds' containers; the service leaves them mounted when it ends,
        // and a mounted folder cannot be deleted ("Device or resource busy" when the clone is removed).
        await MountTable.UnmountAllAsync(StorageDirectory, CancellationToken.None);
        await MountTable.UnmountAllAsync(RunDirectory, CancellationToken.None);
    }
}
