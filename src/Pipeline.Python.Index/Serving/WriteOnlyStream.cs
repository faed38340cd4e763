namespace Pipeline.Python.Index.Serving;

/// <summary>
/// A write-only stream over another one (a response body, a file): a subclass says what one asynchronous write does;
/// the rest a write-only wrapper owes <see cref="Stream"/> (array and synchronous writes routed to it, flushes passed
/// on, reading and seeking refused) is written once here.
/// </summary>
internal abstract class WriteOnlyStream(Stream inner) : Stream
{
    /// <summary>The stream written to.</summary>
    protected Stream Inner { get; } = inner;

    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override void Flush() => Inner.Flush();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
