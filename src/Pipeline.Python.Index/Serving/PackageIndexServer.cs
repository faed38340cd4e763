using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Throttling;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// A running package index on Kestrel: several named wheelhouse folders served as PEP 503/691 simple
/// indexes, with an access log and an optional per-connection bandwidth limit. Start it with
/// <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed partial class PackageIndexServer : IAsyncDisposable
{
    private readonly IndexHost _host;
    private readonly Serilog.ILogger _log;

    private PackageIndexServer(IndexHost host, IReadOnlyDictionary<string, Uri> indexUrls, PackageIndexOptions options, Serilog.ILogger log)
    {
        _host = host;
        IndexUrls = indexUrls;
        Options = options;
        _log = log;
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:41234/</c> (the real port when 0 was asked for).</summary>
    public Uri BaseUrl => _host.BaseUrl;

    /// <summary>Index name → its simple API URL, e.g. <c>cpu</c> → <c>http://127.0.0.1:41234/cpu/simple/</c>.</summary>
    public IReadOnlyDictionary<string, Uri> IndexUrls { get; }

    /// <summary>Every request answered so far (and the log file, if configured).</summary>
    public AccessLog AccessLog => _host.AccessLog;

    /// <summary>The options the server runs with.</summary>
    public PackageIndexOptions Options { get; }

    /// <summary>The port actually bound.</summary>
    public int Port => BaseUrl.Port;

    /// <summary>Key/value lines for a build summary (URLs, throttle, traffic so far).</summary>
    public IReadOnlyDictionary<string, string> Notes => new Dictionary<string, string>(
        IndexUrls.Select(p => KeyValuePair.Create($"Index {p.Key}", p.Value.ToString())))
    {
        ["Throttle"] = Options.ThrottleBytesPerSecond is { } rate ? $"{ByteRate.Format(rate)} per connection" : "none",
        ["PEP 658 metadata"] = Options.ServeCoreMetadata ? "served" : "off",
        ["Faults"] = Options.Faults.Describe(),
        ["Requests"] = AccessLog.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bytes sent"] = AccessLog.BytesSent.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The simple API URL of one index.</summary>
    public Uri IndexUrl(string name) => IndexUrls.TryGetValue(name, out var url)
        ? url
        : throw new KeyNotFoundException($"No index named '{name}' (have: {string.Join(", ", IndexUrls.Keys)})");

    /// <summary>Validates the options, binds the port and starts serving.</summary>
    /// <exception cref="IndexOptionsException">Bad index name or folder, bad address, or the port is taken.</exception>
    public static async Task<PackageIndexServer> StartAsync(PackageIndexOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = (options.Logger ?? Serilog.Log.Logger).ForContext<PackageIndexServer>();
        var address = Validate(options);

        var scanner = new WheelhouseScanner();
        var indexes = options.Indexes.ToDictionary(p => p.Key, p => new LiveIndex(p.Key, Path.GetFullPath(p.Value), scanner), StringComparer.Ordinal);
        foreach (var index in indexes.Values)
            await index.CurrentAsync(ct).ConfigureAwait(false); // scan (and hash) before the first request

        var accessLog = new AccessLog(options.AccessLogPath);
        var metering = new MeteringMiddleware(options, accessLog);
        var host = await IndexHost.StartAsync(address, options.Port, accessLog, metering, web =>
        {
            if (options.Faults.Any)
                web.Use(new FaultMiddleware(new FaultPlan(options.Faults), options.TimeProvider).InvokeAsync);
            SimpleApiEndpoints.Map(web, indexes, options);
        }, null, ct).ConfigureAwait(false);
        var urls = indexes.Keys.ToDictionary(n => n, n => new Uri(host.BaseUrl, $"{n}/simple/"), StringComparer.Ordinal);
        var server = new PackageIndexServer(host, urls, options, log);
        log.Information("Package index listening on {Address}:{Port} ({Indexes}); throttle {Throttle}; PEP 658 {Metadata}; faults {Faults}",
            address, host.BaseUrl.Port, string.Join(", ", urls.Values), server.Notes["Throttle"], server.Notes["PEP 658 metadata"], server.Notes["Faults"]);
        return server;
    }

    /// <summary>
    /// Stops accepting requests, lets running ones finish and closes the access log (which stays readable in
    /// memory: after this, it has every request). A second call does nothing.
    /// </summary>
    public ValueTask DisposeAsync() => _host.StopAsync(last: () =>
        _log.Information("Package index stopped after {Requests} requests, {Bytes} bytes sent", AccessLog.Requests, AccessLog.BytesSent));

    private static IPAddress Validate(PackageIndexOptions options)
    {
        if (options.Indexes.Count == 0)
            throw new IndexOptionsException("No indexes to serve: set Indexes (index name → wheelhouse folder)");
        foreach (var (name, directory) in options.Indexes)
        {
            if (!IndexName().IsMatch(name))
                throw new IndexOptionsException($"Index name '{name}' must be lower-case letters, digits or '-' (it is a URL segment)");
            if (!Directory.Exists(directory))
                throw new IndexOptionsException($"Index '{name}': wheelhouse folder '{directory}' does not exist");
        }
        if (Pipeline.IO.Options.OptionsValidator.Problems(options) is { Count: > 0 } problems)
            throw new IndexOptionsException(new Pipeline.IO.Options.OptionsValidationException(problems).Message);
        if (options.BindAllInterfaces)
            return IPAddress.Any;
        return IPAddress.TryParse(options.BindAddress, out var address)
            ? address
            : throw new IndexOptionsException($"Bind address '{options.BindAddress}' is not an IP address (e.g. 127.0.0.1, or set BindAllInterfaces for 0.0.0.0)");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IndexName();
}
