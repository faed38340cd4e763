using System.Net.Sockets;
using System.Text;
using Serilog;

namespace Pipeline.Containers.Tests.Support.Faults;

/// <summary>
/// A real unix-socket proxy in front of an engine socket that breaks chosen requests (503 or a dropped
/// connection) and forwards everything else untouched: used to prove retries against a real engine, and the
/// base of a planned fault-injection feature. Requests are framed one by one (Content-Length or chunked), so
/// kept-alive connections are faulted per request; upgraded (hijacked) connections are piped raw.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _upstream;
    private readonly FaultPlan _plan;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private static readonly byte[] ServiceUnavailable = Response503();
    private int _matched;
    private int _faulted;
    private int _forwarded;

    private FaultInjectingProxy(string socketPath, string upstreamSocket, FaultPlan plan, ILogger logger)
    {
        SocketPath = socketPath;
        _upstream = upstreamSocket;
        _plan = plan;
        _logger = logger;
        File.Delete(socketPath);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(64);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The socket clients connect to.</summary>
    public string SocketPath { get; }

    /// <summary>The endpoint URI for an API client.</summary>
    public Uri Endpoint => new("unix://" + SocketPath);

    /// <summary>Requests broken so far.</summary>
    public int FaultsInjected => Volatile.Read(ref _faulted);

    /// <summary>Requests whose path matched the plan so far, faulted or not (with a count of 0: a request counter).</summary>
    public int RequestsMatched => Volatile.Read(ref _matched);

    /// <summary>Requests forwarded so far.</summary>
    public int RequestsForwarded => Volatile.Read(ref _forwarded);

    /// <summary>Starts listening on <paramref name="socketPath"/>, forwarding to <paramref name="upstreamSocket"/>.</summary>
    public static FaultInjectingProxy Start(string socketPath, string upstreamSocket, FaultPlan plan, ILogger? logger = null) =>
        new(socketPath, upstreamSocket, plan, (logger ?? Log.Logger).ForContext<FaultInjectingProxy>());

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket clientSocket)
    {
        using var _ = clientSocket;
        await using var client = new NetworkStream(clientSocket, ownsSocket: false);
        using var upstreamSocket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var ct = _stop.Token;
        try
        {
            var reader = new BufferedReader(client);
            NetworkStream? upstream = null;
            Task? responses = null;
            while (await HttpRequestHead.ReadAsync(reader, ct) is { } head)
            {
                if (head.Path.Contains(_plan.PathContains, StringComparison.Ordinal) && Interlocked.Increment(ref _matched) <= _plan.Count)
                {
                    Interlocked.Increment(ref _faulted);
                    _logger.Information("Fault injected ({Kind}) on {Method} {Path}", _plan.Kind, head.Method, head.Path);
                    if (_plan.Kind == FaultKind.DropConnection) return;
                    await SkipBodyAsync(reader, head, ct);
                    await client.WriteAsync(ServiceUnavailable, ct);
                    return;
                }
                Interlocked.Increment(ref _forwarded);
                if (upstream is null)
                {
                    await upstreamSocket.ConnectAsync(new UnixDomainSocketEndPoint(_upstream), ct);
                    upstream = new NetworkStream(upstreamSocket, ownsSocket: false);
                    var from = upstream;
                    responses = Task.Run(async () =>
                    {
                        try { await from.CopyToAsync(client, ct); }
                        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
                        clientSocket.Shutdown(SocketShutdown.Both);
                    }, ct);
                }
                await upstream.WriteAsync(head.Raw, ct);
                if (head.Upgrade)
                {
                    await reader.CopyRestAsync(upstream, ct);
                    break;
                }
                if (head.Chunked) await reader.CopyChunkedAsync(upstream, ct);
                else if (head.ContentLength is { } length) await reader.CopyAsync(length, upstream, ct);
            }
            if (upstream is not null)
            {
                upstreamSocket.Shutdown(SocketShutdown.Send);
                await responses!;
                await upstream.DisposeAsync();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // a peer went away: nothing to forward any more
        }
    }

    private static byte[] Response503()
    {
        const string body = "{\"message\":\"injected fault: service unavailable\"}\n";
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n{body}");
    }

    private static Task SkipBodyAsync(BufferedReader reader, HttpRequestHead head, CancellationToken ct) =>
        head.Chunked ? reader.CopyChunkedAsync(null, ct)
        : head.ContentLength is { } length ? reader.CopyAsync(length, null, ct)
        : Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        File.Delete(SocketPath);
        _stop.Dispose();
    }
}
