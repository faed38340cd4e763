using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Throttling;

namespace Pipeline.Python.Index.Mirroring;

/// <summary>
/// The <c>Mirror</c> target's facade: builds the stand-in wheelhouse, then serves it in the foreground
/// until <c>ct</c> is cancelled (Ctrl+C). Targets that only need an index for a while use
/// <see cref="WheelhouseBuilder"/> and <see cref="PackageIndexServer"/> directly.
/// </summary>
public static class MirrorRunner
{
    /// <summary>Builds, serves until cancelled, and reports what was served.</summary>
    /// <exception cref="CatalogueException">The catalogue file is invalid.</exception>
    /// <exception cref="ByteRateFormatException">The throttle is not a byte rate.</exception>
    /// <exception cref="IndexOptionsException">The server cannot start with these options.</exception>
    public static async Task<MirrorResult> RunAsync(MirrorOptions options, CancellationToken ct)
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
            AccessLogPath = options.AccessLogPath,
            Logger = options.Logger,
        }, ct).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            options.OnStarted?.Invoke(server);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C is how a foreground mirror ends.
            }

            return new MirrorResult
            {
                Success = true,
                Wheels = wheelhouse.Rows,
                Requests = server.AccessLog.Requests,
                BytesSent = server.AccessLog.BytesSent,
                Notes = wheelhouse.Notes.Concat(server.Notes).ToDictionary(p => p.Key, p => p.Value),
            };
        }
    }
}
