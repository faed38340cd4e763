using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.Containers.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 that holds each request until <c>parties</c> requests are waiting, then answers
/// them together. Builds that call it from a RUN step can only finish if they really run at the same time.
/// Requests that wait longer than <c>timeout</c> get a 504 (so a broken scheduler fails instead of hanging).
/// </summary>
internal sealed class BarrierServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _parties;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TaskCompletionSource<bool>> _waiting = [];
    private readonly Task _loop;
    private int _arrivals;

    public BarrierServer(int parties, TimeSpan timeout)
    {
        _parties = parties;
        _timeout = timeout;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Arrivals => Volatile.Read(ref _arrivals);

    /// <summary>Completes at the first arrival (a build reached its RUN step).</summary>
    public TaskCompletionSource FirstArrival { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n"))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0) return;
            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        Interlocked.Increment(ref _arrivals);
        FirstArrival.TrySetResult();
        var released = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting)
        {
            _waiting.Add(released);
            if (_waiting.Count == _parties)
            {
                foreach (var waiter in _waiting) waiter.TrySetResult(true);
                _waiting.Clear();
            }
        }
        var ok = await released.Task.WaitAsync(_timeout, _stop.Token).ContinueWith(t => t.IsCompletedSuccessfully);
        var response = ok ? "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n" : "HTTP/1.0 504 Gateway Timeout\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }
}
