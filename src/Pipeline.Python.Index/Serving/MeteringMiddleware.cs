using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Pipeline.Python.Index.Throttling;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// Wraps every response body in a <see cref="MeteredStream"/>: counts bytes sent for the access log and,
/// when a throttle is set, paces the connection with the budget shared by all requests on it.
/// </summary>
internal sealed class MeteringMiddleware(long? throttleBytesPerSecond, long burstBytes, int chunkBytes, TimeProvider time, AccessLog accessLog)
{
    private readonly ConcurrentDictionary<string, BandwidthBudget> _budgets = new(StringComparer.Ordinal);
    private readonly long _origin = time.GetTimestamp();

    public MeteringMiddleware(PackageIndexOptions options, AccessLog accessLog)
        : this(options.ThrottleBytesPerSecond, options.ThrottleBurstBytes, options.ThrottleChunkBytes, options.TimeProvider, accessLog)
    {
    }

    /// <summary>Forgets a closed connection's budget (called from Kestrel's connection pipeline).</summary>
    public void ConnectionClosed(string connectionId) => _budgets.TryRemove(connectionId, out _);

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var started = Stopwatch.GetTimestamp();
        var budget = throttleBytesPerSecond is { } rate
            ? _budgets.GetOrAdd(context.Connection.Id, _ => new BandwidthBudget(rate, burstBytes))
            : null;
        MeteredStream? metered = null;
        try
        {
            await ResponseBody.WrapAsync(context, body => metered = new MeteredStream(body, budget, time, _origin, chunkBytes), next).ConfigureAwait(false);
        }
        finally
        {
            accessLog.Add(new AccessLogEntry(DateTimeOffset.UtcNow, context.Connection.RemoteIpAddress?.ToString() ?? "-",
                context.Connection.Id, context.Request.Method, PathOf(context), context.Response.StatusCode,
                metered?.BytesWritten ?? 0, Stopwatch.GetElapsedTime(started)));
        }
    }

    /// <summary>The request target as sent (still percent-encoded, so log fields never contain spaces).</summary>
    private static string PathOf(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.IsNullOrEmpty(raw) ? context.Request.Path + context.Request.QueryString : raw.Replace(' ', '+');
    }
}
