using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// Reads a remote wheel's <c>METADATA</c> without downloading the wheel, as uv does: the zip's tail (end of
/// central directory and central directory) with one suffix Range request, then the member's local header and
/// data with another. <see cref="ZipArchive"/> does the zip parsing over a seekable stream whose reads become
/// Range requests.
/// </summary>
internal static class CoreMetadataReader
{
    public static byte[] Read(HttpClient http, string url, ProxyCounters counters, CancellationToken ct)
    {
        using var stream = new HttpRangeStream(http, url, counters, ct);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entry = zip.Entries.FirstOrDefault(e =>
            e.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new UpstreamFailedException($"{url}: the wheel has no .dist-info/METADATA");
        using var member = entry.Open();
        using var buffer = new MemoryStream();
        member.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>A read-only, seekable view of a remote file: each read that misses the blocks fetched so far is one Range request.</summary>
    private sealed class HttpRangeStream : Stream
    {
        private const int Block = 64 * 1024;
        private readonly HttpClient _http;
        private readonly string _url;
        private readonly ProxyCounters _counters;
        private readonly CancellationToken _ct;
        private readonly List<(long Start, byte[] Data)> _blocks = [];
        private long _position;

        public HttpRangeStream(HttpClient http, string url, ProxyCounters counters, CancellationToken ct)
        {
            _http = http;
            _url = url;
            _counters = counters;
            _ct = ct;
            // The tail holds the end of central directory and, for any wheel of ordinary size, the central directory.
            var (start, data, total) = Fetch(new RangeHeaderValue(null, Block));
            Length = total;
            _blocks.Add((start, data));
        }

        public override long Length { get; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= Length || count == 0)
                return 0;
            var block = _blocks.FirstOrDefault(b => b.Start <= _position && _position < b.Start + b.Data.Length);
            if (block.Data is null)
            {
                var end = Math.Min(Length - 1, _position + Math.Max(count, Block) - 1);
                var (start, data, _) = Fetch(new RangeHeaderValue(_position, end));
                block = (start, data);
                _blocks.Add(block);
            }
            var from = (int)(_position - block.Start);
            var n = Math.Min(count, block.Data.Length - from);
            Array.Copy(block.Data, from, buffer, offset, n);
            _position += n;
            return n;
        }

        private (long Start, byte[] Data, long Total) Fetch(RangeHeaderValue range)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            request.Headers.Range = range;
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, _ct);
            var status = (int)response.StatusCode;
            if (status is 404 or 410)
                throw new UpstreamNotFoundException($"{_url}: the upstream answered {status}");
            if (status >= 500 || status is 429 or 408)
                throw new UpstreamTransientException($"{_url}: the upstream answered {status}");
            // A 200 would be the whole wheel: stop before reading its body.
            if (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentRange is not { From: { } from, Length: { } total })
                throw new RangeNotSupportedException($"{_url}: the upstream answered {status} to a Range request");
            using var body = response.Content.ReadAsStream(_ct);
            using var copy = new MemoryStream();
            body.CopyTo(copy);
            Interlocked.Add(ref _counters.UpstreamBytes, copy.Length);
            return (from, copy.ToArray(), total);
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override long Position { get => _position; set => _position = value; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override void Flush() { }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
