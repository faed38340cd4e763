namespace Pipeline.Python.Index.Throttling;

/// <summary>
/// Wraps a response body: counts the bytes written (for the access log) and, when a
/// <see cref="BandwidthBudget"/> is given, paces writes in small chunks to reproduce a slow link.
/// </summary>
public sealed class MeteredStream : Stream
{
    private readonly Stream _inner;
    private readonly BandwidthBudget? _budget;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly int _chunkBytes;
    private long _written;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="budget"/> null means unthrottled.</summary>
    public MeteredStream(Stream inner, BandwidthBudget? budget, TimeProvider time, long originTimestamp, int chunkBytes)
    {
        _inner = inner;
        _budget = budget;
        _time = time;
        _origin = originTimestamp;
        _chunkBytes = Math.Max(512, chunkBytes);
    }

    /// <summary>Bytes written through this stream so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <inheritdoc />
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
            await _inner.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _written, chunk.Length);
            buffer = buffer[chunk.Length..];
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
