using System.Security.Cryptography;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Building;

/// <summary>A write-only pass-through stream that feeds every byte to a hash, so big payloads are hashed in one pass.</summary>
internal sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : WriteOnlyStream(inner)
{
    // Synchronous writers (the zip archive) stay synchronous: no task per block.
    public override void Write(byte[] buffer, int offset, int count)
    {
        hash.AppendData(buffer, offset, count);
        Inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
