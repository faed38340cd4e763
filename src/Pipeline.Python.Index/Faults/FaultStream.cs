using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Faults;

/// <summary>
/// A response body that goes through until <c>DropAfter</c> of the body is sent, then (after a stall, if asked)
/// aborts the connection: the client gets fewer bytes than Content-Length promised, as with a link cut mid-transfer.
/// </summary>
internal sealed class FaultStream(Stream inner, Func<long?> contentLength, double cutFraction, TimeSpan stall, TimeProvider time, Action abort)
    : WriteOnlyStream(inner)
{
    private static readonly TimeSpan DrainTime = TimeSpan.FromMilliseconds(100);
    private long _written;
    private long? _cutAt;
    private bool _aborted;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_aborted)
            return;
        _cutAt ??= CutPoint();
        var room = _cutAt.Value - _written;
        if (_cutAt == long.MaxValue)
        {
            await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (buffer.Length < room)
        {
            await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            _written += buffer.Length;
            return;
        }
        if (room > 0)
            await Inner.WriteAsync(buffer[..(int)room], cancellationToken).ConfigureAwait(false);
        _written += Math.Max(0, room);
        await Inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        _aborted = true;
        // Kestrel drops output still queued when a connection is aborted: give the flushed bytes time to leave,
        // so the client really receives the part before the cut (there is no "sent" signal to wait on).
        var wait = stall > DrainTime ? stall : DrainTime;
        try { await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { /* the client gave up first */ }
        abort();
    }

    // Only bodies of known length are cut (null: an error page, or not a file): an empty one cannot be.
    private long CutPoint() => contentLength() is { } length and > 0
        ? Math.Clamp((long)(length * cutFraction), 0, length - 1)
        : long.MaxValue;

    // After the cut nothing more reaches the connection, not even a flush.
    public override Task FlushAsync(CancellationToken cancellationToken) => _aborted ? Task.CompletedTask : Inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
        if (!_aborted)
            Inner.Flush();
    }
}
