namespace Pipeline.Containers.Tests.Support.Faults;

/// <summary>A byte reader over a stream with look-ahead, for parsing HTTP request framing.</summary>
internal sealed class BufferedReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>Reads through <paramref name="delimiter"/> (included); null when the stream ends first.</summary>
    public async Task<byte[]?> ReadUntilAsync(byte[] delimiter, int limit, CancellationToken ct)
    {
        var collected = new MemoryStream();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct)) return null;
            var b = _buffer[_start++];
            collected.WriteByte(b);
            if (collected.Length >= delimiter.Length && collected.GetBuffer().AsSpan((int)collected.Length - delimiter.Length, delimiter.Length).SequenceEqual(delimiter))
                return collected.ToArray();
            if (collected.Length > limit) throw new IOException("request head too long");
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes to <paramref name="target"/> (or drops them when null).</summary>
    public async Task CopyAsync(long count, Stream? target, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(ct)) throw new IOException("request body ended early");
            var n = (int)Math.Min(count, _end - _start);
            if (target is not null) await target.WriteAsync(_buffer.AsMemory(_start, n), ct);
            _start += n;
            count -= n;
        }
    }

    /// <summary>Copies a chunked body, framing included, to <paramref name="target"/> (or drops it when null).</summary>
    public async Task CopyChunkedAsync(Stream? target, CancellationToken ct)
    {
        while (true)
        {
            var sizeLine = await ReadUntilAsync("\r\n"u8.ToArray(), 1024, ct) ?? throw new IOException("chunked body ended early");
            if (target is not null) await target.WriteAsync(sizeLine, ct);
            var text = System.Text.Encoding.ASCII.GetString(sizeLine).Trim();
            var size = Convert.ToInt64(text.Split(';')[0], 16);
            if (size == 0)
            {
                // trailers, then the blank line
                while (true)
                {
                    var line = await ReadUntilAsync("\r\n"u8.ToArray(), 8192, ct) ?? throw new IOException("chunked body ended early");
                    if (target is not null) await target.WriteAsync(line, ct);
                    if (line.Length == 2) return;
                }
            }
            await CopyAsync(size + 2, target, ct);
        }
    }

    /// <summary>Copies whatever remains (buffered, then the stream) to <paramref name="target"/>.</summary>
    public async Task CopyRestAsync(Stream target, CancellationToken ct)
    {
        if (_end > _start) await target.WriteAsync(_buffer.AsMemory(_start, _end - _start), ct);
        _start = _end = 0;
        await stream.CopyToAsync(target, ct);
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, ct);
        return _end > 0;
    }
}
