using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Serilog;

namespace Pipeline.Stack.LocalIndex;

/// <summary>
/// The package index a build uses when no other is given: stand-in wheels built from a catalogue, served on
/// 127.0.0.1 as a PyPI-like index (<c>/pypi/simple/</c>) and a PyTorch-CPU-like index (<c>/cpu/simple/</c>).
/// Builds reach it through host networking and the build arguments in <see cref="BuildArgs"/>.
/// </summary>
public sealed class LocalPackageIndex : IAsyncDisposable
{
    /// <summary>Name of the PyPI-like index.</summary>
    public const string MainIndex = "pypi";

    /// <summary>Name of the PyTorch-CPU-like index.</summary>
    public const string CpuIndex = "cpu";

    private LocalPackageIndex(PackageIndexServer server, WheelhouseResult wheelhouse)
    {
        Server = server;
        Wheelhouse = wheelhouse;
    }

    /// <summary>The running server.</summary>
    public PackageIndexServer Server { get; }

    /// <summary>What the wheelhouse build did.</summary>
    public WheelhouseResult Wheelhouse { get; }

    /// <summary>The PyPI-like index's simple API URL.</summary>
    public Uri MainIndexUrl => Server.IndexUrl(MainIndex);

    /// <summary>The CPU index's simple API URL.</summary>
    public Uri CpuIndexUrl => Server.IndexUrl(CpuIndex);

    /// <summary>
    /// Build arguments that point pip at this index: <c>PIP_INDEX_URL</c>, <c>PIP_TRUSTED_HOST</c> (plain http:
    /// pip caches only trusted hosts) and <c>PIP_TORCH_INDEX_URL</c> (the CPU torch install ConfigurePip adds).
    /// </summary>
    public IReadOnlyDictionary<string, string> BuildArgs => new Dictionary<string, string>
    {
        ["PIP_INDEX_URL"] = MainIndexUrl.ToString(),
        ["PIP_TRUSTED_HOST"] = MainIndexUrl.Host,
        ["PIP_TORCH_INDEX_URL"] = CpuIndexUrl.ToString(),
    };

    /// <summary>Builds (incrementally) the wheelhouse and starts serving it.</summary>
    public static async Task<LocalPackageIndex> StartAsync(LocalIndexOptions options, ILogger? logger, CancellationToken ct)
    {
        var log = logger ?? Log.Logger;
        var catalogue = options.CataloguePath is null
            ? Catalogue.LoadEmbedded()
            : await Catalogue.LoadFileAsync(options.CataloguePath, ct);
        var wheelhouse = await WheelhouseBuilder.BuildAsync(catalogue, new WheelhouseOptions
        {
            OutputDirectory = options.WheelhouseDirectory,
            ScaleFactor = options.ScaleFactor,
            Logger = log,
        }, ct);
        if (!wheelhouse.Success)
            throw new StackException($"Building the stand-in wheelhouse in {options.WheelhouseDirectory} failed");

        var server = await PackageIndexServer.StartAsync(new PackageIndexOptions
        {
            Indexes = wheelhouse.IndexDirectories,
            Port = options.Port,
            BindAllInterfaces = options.BindAllInterfaces,
            ThrottleBytesPerSecond = options.ThrottleBytesPerSecond,
            ServeCoreMetadata = options.ServeCoreMetadata,
            AccessLogPath = options.AccessLogPath,
            Logger = log,
        }, ct);
        log.Information("Local package index at {Url}: {Built} wheels built, {Skipped} reused", server.BaseUrl, wheelhouse.Built, wheelhouse.Skipped);
        return new LocalPackageIndex(server, wheelhouse);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
