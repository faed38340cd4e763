namespace Pipeline.Python.Index.Proxy;

internal enum DownloadState
{
    Running,
    Completed,
    Failed,
}

/// <summary>
/// One upstream download as its waiters see it: the file the bytes so far are in, how many there are, and a
/// signal that fires on every change. Bytes are only ever appended (a resume continues at the end), so a waiter
/// can stream what is there and wait for more.
/// </summary>
internal sealed class Download(UpstreamFile file, string key)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UpstreamFile File => file;

    public string Key => key;

    /// <summary>Ranged parts the file is fetched in, as planned when the download started (for progress rows).</summary>
    public int Parts { get; set; } = 1;

    /// <summary>Completes when the download is complete or failed (never faults).</summary>
    public Task Finished => _finished.Task;

    public readonly record struct View(DownloadState State, string? Path, long Available, long? Length, Exception? Error, Task Changed);

    private DownloadState _state;
    private string? _path;
    private long _available;
    private long? _length;
    private Exception? _error;

    public View Snapshot()
    {
        lock (_gate)
            return new View(_state, _path, _available, _length, _error, _changed.Task);
    }

    public void Started(string path, long? length) => Update(() => { _path = path; _length ??= length; });

    public void LengthKnown(long length) => Update(() => _length = length);

    public void Progress(long available) => Update(() => _available = available);

    public void Complete(string path, long length)
    {
        Update(() => { _path = path; _available = length; _length = length; _state = DownloadState.Completed; });
        _finished.TrySetResult();
    }

    public void Fail(Exception error)
    {
        Update(() => { _error = error; _state = DownloadState.Failed; });
        _finished.TrySetResult();
    }

    private void Update(Action change)
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            change();
            fired = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        fired.TrySetResult();
    }
}
