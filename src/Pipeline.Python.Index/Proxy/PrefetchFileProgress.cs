using Pipeline.IO;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// One file a prefetch is fetching, as its progress row shows it: bytes so far of how many, the ranged parts it is
/// fetched in, and for how long (<see cref="PackageProxy.PrefetchPinnedAsync(IEnumerable{PinnedFile}, int, IProgress{PrefetchFileProgress}?, CancellationToken)"/>).
/// </summary>
/// <param name="File">The file name.</param>
/// <param name="Bytes">Bytes in the store so far.</param>
/// <param name="Length">The file's size when known.</param>
/// <param name="Parts">Ranged parts the file is fetched in (1: one request).</param>
/// <param name="Elapsed">Time since the prefetch started the file.</param>
/// <param name="State">Running, done, or failed.</param>
public sealed record PrefetchFileProgress(string File, long Bytes, long? Length, int Parts, TimeSpan Elapsed, PrefetchFileState State)
{
    /// <summary>The row's text: <c>3.2 MB of 12.0 MB (27%), 4 parts, 5 s</c>; <c>done: 12.0 MB, 4 parts, 9 s</c>.</summary>
    public string Describe()
    {
        var parts = Parts == 1 ? "1 part" : $"{Parts} parts";
        var seconds = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Elapsed.TotalSeconds:0} s");
        return State switch
        {
            PrefetchFileState.Done => $"done: {ByteSize.Format(Length ?? Bytes)}, {parts}, {seconds}",
            PrefetchFileState.Failed => $"failed after {ByteSize.Format(Bytes)}, {parts}, {seconds}",
            _ when Length is > 0 and var length => $"{ByteSize.Format(Bytes)} of {ByteSize.Format(length)} ({Math.Min(100, Bytes * 100 / length)}%), {parts}, {seconds}",
            _ => $"{ByteSize.Format(Bytes)}, {parts}, {seconds}",
        };
    }
}

/// <summary>Where a prefetched file stands.</summary>
public enum PrefetchFileState
{
    /// <summary>Bytes are arriving.</summary>
    Running,

    /// <summary>The whole file is in the store.</summary>
    Done,

    /// <summary>The download failed (a build asking for the file starts it again).</summary>
    Failed,
}
