using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Throttling;

namespace Pipeline.Python.Index.Mirroring;

/// <summary>
/// A running local mirror: the wheelhouse built (incrementally) from a catalogue and served by a
/// <see cref="PackageIndexServer"/>. The <c>Mirror</c> target runs one in the foreground; other targets start
/// one in-process for the life of a build. Dispose to stop serving.
/// </summary>
public sealed class LocalMirror : IAsyncDisposable
{
    private LocalMirror(WheelhouseResult wheelhouse, PackageIndexServer server)
    {
        Wheelhouse = wheelhouse;
        Server = server;
    }

    /// <summary>What the wheelhouse build did.</summary>
    public WheelhouseResult Wheelhouse { get; }

    /// <summary>The running server.</summary>
    public PackageIndexServer Server { get; }

    /// <summary>Wheelhouse and server notes for a build summary.</summary>
    public IReadOnlyDictionary<string, string> Notes =>
        Wheelhouse.Notes.Concat(Server.Notes).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>Builds the wheelhouse and starts serving it; bad options throw with one clear line.</summary>
    public static async Task<LocalMirror> StartAsync(MirrorOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var throttle = string.IsNullOrWhiteSpace(options.Throttle) ? (long?)null : ByteRate.Parse(options.Throttle);
        var catalogue = options.CataloguePath is null
            ? Catalogue.LoadEmbedded()
            : await Catalogue.LoadFileAsync(options.CataloguePath, ct).ConfigureAwait(false);

        var wheelhouse = await WheelhouseBuilder.BuildAsync(catalogue, new WheelhouseOptions
        {
            OutputDirectory = options.WheelhouseDirectory,
            ScaleFactor = options.ScaleFactor,
            Logger = options.Logger,
        }, ct).ConfigureAwait(false);

        var server = await PackageIndexServer.StartAsync(new PackageIndexOptions
        {
            Indexes = wheelhouse.IndexDirectories,
            BindAddress = options.BindAddress,
            BindAllInterfaces = options.BindAllInterfaces,
            Port = options.Port,
            ThrottleBytesPerSecond = throttle,
            ServeCoreMetadata = options.ServeCoreMetadata,
            Faults = options.Faults,
            AccessLogPath = options.AccessLogPath,
            Logger = options.Logger,
        }, ct).ConfigureAwait(false);
        return new LocalMirror(wheelhouse, server);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
