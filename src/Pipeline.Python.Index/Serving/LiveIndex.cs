namespace Pipeline.Python.Index.Serving;

/// <summary>
/// The current snapshot of one index folder, rescanned when the folder changes (a wheel added, replaced
/// or removed changes the folder's write time), so a wheelhouse can be rebuilt while it is served.
/// </summary>
internal sealed class LiveIndex(string name, string directory, WheelhouseScanner scanner)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ServedIndex? _snapshot;
    private DateTime _scannedAt;

    public string Name => name;

    public async Task<ServedIndex> CurrentAsync(CancellationToken ct)
    {
        var stamp = Directory.GetLastWriteTimeUtc(directory);
        if (_snapshot is { } snapshot && stamp == _scannedAt)
            return snapshot;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            stamp = Directory.GetLastWriteTimeUtc(directory);
            if (_snapshot is null || stamp != _scannedAt)
            {
                _snapshot = await scanner.ScanAsync(name, directory, ct).ConfigureAwait(false);
                _scannedAt = stamp;
            }
            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }
}
