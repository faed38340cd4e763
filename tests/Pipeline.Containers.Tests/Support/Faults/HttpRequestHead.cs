using System.Text;

namespace Pipeline.Containers.Tests.Support.Faults;

/// <summary>The start line and headers of an HTTP/1.1 request, parsed just enough to forward it request by request.</summary>
internal sealed record HttpRequestHead(byte[] Raw, string Method, string Path, long? ContentLength, bool Chunked, bool Upgrade)
{
    /// <summary>Reads up to the blank line; null when the peer closed first.</summary>
    public static async Task<HttpRequestHead?> ReadAsync(BufferedReader reader, CancellationToken ct)
    {
        var raw = await reader.ReadUntilAsync("\r\n\r\n"u8.ToArray(), 64 * 1024, ct);
        if (raw is null) return null;
        var lines = Encoding.ASCII.GetString(raw).Split("\r\n");
        var start = lines[0].Split(' ');
        long? length = null;
        bool chunked = false, upgrade = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Contains("Upgrade", StringComparison.OrdinalIgnoreCase))) upgrade = true;
        }
        return new HttpRequestHead(raw, start[0], start.Length > 1 ? start[1] : "/", length, chunked, upgrade);
    }
}
