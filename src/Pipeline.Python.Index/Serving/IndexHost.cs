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
/// each connection's bandwidth budget forgotten when it closes. A port that cannot be bound is an
/// <see cref="IndexOptionsException"/>, after <c>cleanUp</c> has released what the caller opened.
/// </summary>
internal static class IndexHost
{
    /// <summary>Builds, maps (<paramref name="map"/>) and starts the host; returns it with its root URL.</summary>
    public static async Task<(WebApplication App, Uri BaseUrl)> StartAsync(IPAddress address, int port, MeteringMiddleware metering,
        Action<WebApplication> map, Func<ValueTask> cleanUp, CancellationToken ct)
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
            await cleanUp().ConfigureAwait(false);
            throw new IndexOptionsException($"Cannot listen on {address}:{port}: {ex.Message}", ex);
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // 0.0.0.0 is where it listens, not an address to connect to: clients on this machine use the loopback.
        var host = address.Equals(IPAddress.Any) ? "127.0.0.1" : address.ToString();
        return (app, new Uri($"http://{(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host)}:{bound.Port}/"));
    }
}
