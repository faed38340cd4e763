using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// Kestrel as the index server and the package proxy both run it: a slim host on one address, no server header,
/// ASP.NET's own logging off (requests go to the access log, server events to Serilog), every response metered and
/// each connection's bandwidth budget forgotten when it closes, one way to stop. A port that cannot be bound is an
/// <see cref="IndexOptionsException"/>, after the access log is closed and <c>cleanUp</c> has released what the caller opened.
/// </summary>
internal sealed class IndexHost
{
    private readonly WebApplication _app;
    private int _stopped;

    private IndexHost(WebApplication app, Uri baseUrl, AccessLog accessLog)
    {
        _app = app;
        BaseUrl = baseUrl;
        AccessLog = accessLog;
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:3141/</c> (the real port when 0 was asked for).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request answered (the log the metering writes to; closed by <see cref="StopAsync"/>).</summary>
    public AccessLog AccessLog { get; }

    /// <summary>Builds, maps (<paramref name="map"/>) and starts the host on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static async Task<IndexHost> StartAsync(IPAddress address, int port, AccessLog accessLog, MeteringMiddleware metering,
        Action<WebApplication> map, Action? cleanUp, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port, listen => listen.Use(next => async connection =>
            {
                try { await next(connection).ConfigureAwait(false); }
                finally { metering.ConnectionClosed(connection.ConnectionId); }
            }));
        });

        var app = builder.Build();
        app.Use(metering.InvokeAsync);
        map(app);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await accessLog.DisposeAsync().ConfigureAwait(false);
            cleanUp?.Invoke();
            throw new IndexOptionsException($"Cannot listen on {address}:{port}: {ex.Message}", ex);
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // 0.0.0.0 is where it listens, not an address to connect to: clients on this machine use the loopback.
        var host = address.Equals(IPAddress.Any) ? "127.0.0.1" : address.ToString();
        return new IndexHost(app, new Uri($"http://{(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host)}:{bound.Port}/"), accessLog);
    }

    /// <summary>
    /// Runs <paramref name="first"/>, stops accepting requests and lets running ones finish (5 s at most), then disposes
    /// the host, closes the access log (which stays readable in memory) and runs <paramref name="last"/>, whatever
    /// failed before. A second call does nothing.
    /// </summary>
    public async ValueTask StopAsync(Func<Task>? first = null, Action? last = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            if (first is not null) await first().ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            await AccessLog.DisposeAsync().ConfigureAwait(false);
            last?.Invoke();
        }
    }
}
