using System.Collections.Concurrent;
using System.Globalization;

namespace Pipeline.Python.Index.Serving;

/// <summary>One served request.</summary>
/// <param name="Time">When the response finished (UTC).</param>
/// <param name="Remote">Client address.</param>
/// <param name="ConnectionId">Kestrel connection id (requests on one keep-alive connection share it).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path and query as sent (percent-encoded, so it has no spaces).</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="BytesSent">Response body bytes written.</param>
/// <param name="Duration">Time from request start to response end.</param>
public sealed record AccessLogEntry(DateTimeOffset Time, string Remote, string ConnectionId, string Method, string Path, int Status, long BytesSent, TimeSpan Duration)
{
    /// <summary>
    /// The log-file line: space-separated <c>time remote connection method path status bytes seconds</c>,
    /// so <c>awk '{s+=$7} END {print s}'</c> sums the bytes sent.
    /// </summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"{Time:yyyy-MM-ddTHH:mm:ss.fffZ} {Remote} {ConnectionId} {Method} {Path} {Status} {BytesSent} {Duration.TotalSeconds:0.000}");
}

/// <summary>
/// Every request the server answered, in memory (for tests and summaries) and optionally appended to a
/// file that benchmark scripts read.
/// </summary>
public sealed class AccessLog : IAsyncDisposable
{
    private readonly ConcurrentQueue<AccessLogEntry> _entries = new();
    private readonly StreamWriter? _file;
    private readonly Lock _fileGate = new();

    /// <summary>Opens (appending) <paramref name="path"/> when given.</summary>
    public AccessLog(string? path)
    {
        Path = path;
        if (path is null)
            return;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>The log file, or null when only kept in memory.</summary>
    public string? Path { get; }

    /// <summary>Snapshot of every entry so far.</summary>
    public IReadOnlyList<AccessLogEntry> Entries => _entries.ToArray();

    /// <summary>Requests answered so far.</summary>
    public int Requests => _entries.Count;

    /// <summary>Response body bytes sent so far.</summary>
    public long BytesSent => _entries.Sum(e => e.BytesSent);

    /// <summary>Successful (200/206) GETs of a file whose path ends with <paramref name="fileName"/> (URL-encoded or not).</summary>
    public int Downloads(string fileName)
    {
        var encoded = Uri.EscapeDataString(fileName);
        return _entries.Count(e => e.Method == "GET" && e.Status is 200 or 206
            && (e.Path.EndsWith("/" + encoded, StringComparison.Ordinal) || e.Path.EndsWith("/" + fileName, StringComparison.Ordinal)));
    }

    /// <summary>Records one request.</summary>
    public void Add(AccessLogEntry entry)
    {
        _entries.Enqueue(entry);
        if (_file is null)
            return;
        lock (_fileGate)
            _file.WriteLine(entry.ToLine());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
            await _file.DisposeAsync().ConfigureAwait(false);
    }
}
