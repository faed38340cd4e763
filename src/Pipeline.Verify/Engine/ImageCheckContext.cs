using Pipeline.Containers.Engine;
using Pipeline.Verify.Checks;
using Serilog;

namespace Pipeline.Verify.Engine;

/// <summary>
/// Everything the checks of one image share: its facts, its size history, and one probe container
/// created on first use (image-only checks never start one). Disposing removes the container.
/// </summary>
internal sealed class ImageCheckContext(
    EngineSession engine, VerifyTarget target, ImageFacts image, long? previousSizeBytes,
    TimeSpan commandTimeout, ProbeSettings settings, ILogger logger) : ICheckContext, IAsyncDisposable
{
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private Task<ProbeContainer>? _container;

    public VerifyTarget Target => target;

    public ImageFacts Image => image;

    public long? PreviousSizeBytes => previousSizeBytes;

    public TimeSpan CommandTimeout => commandTimeout;

    public async Task<CommandOutput> RunAsync(string shellCommand, CancellationToken ct, TimeSpan? timeout = null)
    {
        var container = await GetContainerAsync(ct);
        return await container.ExecAsync(shellCommand, timeout ?? CommandTimeout, ct);
    }

    private async Task<ProbeContainer> GetContainerAsync(CancellationToken ct)
    {
        await _startLock.WaitAsync(ct);
        try
        {
            // A failed start is cached too: every command check of this image then fails with the same reason.
            _container ??= ProbeContainer.StartAsync(engine, target, settings, logger, ct);
        }
        finally
        {
            _startLock.Release();
        }
        return await _container;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            try
            {
                await (await _container).DisposeAsync();
            }
            catch (Exception)
            {
                // Start failed or was cancelled: the run's leftover sweep removes anything the engine still made.
            }
        }
        _startLock.Dispose();
    }
}
