using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Python.Index.Building;

/// <summary>
/// Incompressible filler for stand-in wheels: a xoshiro256** stream seeded from a fixed seed and the
/// package identity. Written here rather than with <see cref="Random"/> because its seeded sequence is not
/// promised to stay the same across .NET versions, and wheel hashes must.
/// </summary>
internal sealed class PayloadGenerator
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the stream from <paramref name="seed"/> and a key such as <c>torch==2.5.1+cpu</c>.</summary>
    public PayloadGenerator(ulong seed, string key)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{key}"));
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(digest.AsSpan(0, 8));
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(digest.AsSpan(8, 8));
        _s2 = BinaryPrimitives.ReadUInt64LittleEndian(digest.AsSpan(16, 8));
        _s3 = BinaryPrimitives.ReadUInt64LittleEndian(digest.AsSpan(24, 8)) | 1; // never all-zero
    }

    /// <summary>Fills <paramref name="buffer"/> with the next bytes of the stream.</summary>
    public void Fill(Span<byte> buffer)
    {
        var i = 0;
        for (; i + 8 <= buffer.Length; i += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[i..], Next());
        if (i < buffer.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(tail, Next());
            tail[..(buffer.Length - i)].CopyTo(buffer[i..]);
        }
    }

    /// <summary>Writes <paramref name="length"/> bytes to <paramref name="destination"/> in chunks.</summary>
    public async Task WriteAsync(Stream destination, long length, int chunkSize, CancellationToken ct)
    {
        var buffer = new byte[Math.Max(8, chunkSize)];
        for (var remaining = length; remaining > 0;)
        {
            ct.ThrowIfCancellationRequested();
            var count = (int)Math.Min(buffer.Length, remaining);
            Fill(buffer.AsSpan(0, count));
            await destination.WriteAsync(buffer.AsMemory(0, count), ct).ConfigureAwait(false);
            remaining -= count;
        }
    }

    private ulong Next()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }
}
