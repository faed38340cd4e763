using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Throttling;

/// <summary>
/// Wraps a response body: counts the bytes written (for the access log) and, when a
/// <see cref="BandwidthBudget"/> is given, paces writes in small chunks to reproduce a slow link.
/// </summary>
internal sealed class MeteredStream : WriteOnlyStream
{
    private readonly BandwidthBudget? _budget;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly int _chunkBytes;
    private long _written;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="budget"/> null means unthrottled.</summary>
    public MeteredStream(Stream inner, BandwidthBudget? budget, TimeProvider time, long originTimestamp, int chunkBytes)
        : base(inner)
    {
        _budget = budget;
        _time = time;
        _origin = originTimestamp;
        _chunkBytes = Math.Max(512, chunkBytes);
    }

    /// <summary>Bytes written through this stream so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var chunk = _budget is null ? buffer : buffer[..Math.Min(_chunkBytes, buffer.Length)];
            if (_budget is not null)
            {
                var wait = _budget.Reserve(chunk.Length, _time.GetElapsedTime(_origin));
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            await Inner.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _written, chunk.Length);
            buffer = buffer[chunk.Length..];
        }
    }
}
