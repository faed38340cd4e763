namespace Pipeline.Python.Index.Mirroring;

/// <summary>
/// The <c>Mirror</c> target's facade: builds the stand-in wheelhouse, then serves it in the foreground
/// until <c>ct</c> is cancelled (Ctrl+C). Targets that only need an index for a while use
/// <see cref="LocalMirror"/> directly.
/// </summary>
public static class MirrorRunner
{
    /// <summary>Builds, serves until cancelled, and reports what was served.</summary>
    /// <exception cref="Catalog.CatalogueException">The catalogue file is invalid.</exception>
    /// <exception cref="Throttling.ByteRateFormatException">The throttle is not a byte rate.</exception>
    /// <exception cref="Serving.IndexOptionsException">The server cannot start with these options.</exception>
    public static async Task<MirrorResult> RunAsync(MirrorOptions options, CancellationToken ct)
    {
        var mirror = await LocalMirror.StartAsync(options, ct).ConfigureAwait(false);
        await using (mirror.ConfigureAwait(false))
        {
            options.OnStarted?.Invoke(mirror.Server);
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
                Wheels = mirror.Wheelhouse.Rows,
                Requests = mirror.Server.AccessLog.Requests,
                BytesSent = mirror.Server.AccessLog.BytesSent,
                Notes = mirror.Notes,
            };
        }
    }
}
