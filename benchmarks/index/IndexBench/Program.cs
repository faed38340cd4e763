// Builds the stand-in wheelhouse from the shipped catalogue and serves it (PyPI-like /pypi/simple/ and
// PyTorch-CPU-like /cpu/simple/) until Ctrl+C or SIGTERM. Used by pip-cuda-vs-cpu.sh.
//
//   IndexBench --wheelhouse DIR [--scale 0.01] [--throttle 600KB|none] [--port 0] [--access-log FILE]
//              [--url-file FILE] [--catalogue FILE] [--pep658] [--bind-all]
using System.Globalization;
using System.Runtime.InteropServices;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Index.Mirroring;
using Pipeline.Python.Index.Serving;
using Pipeline.Python.Index.Throttling;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}").CreateLogger();
try
{
    var arguments = BenchArguments.Parse(args);
    using var stop = new CancellationTokenSource();
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

    var result = await MirrorRunner.RunAsync(new MirrorOptions
    {
        WheelhouseDirectory = arguments.Wheelhouse,
        CataloguePath = arguments.Catalogue,
        ScaleFactor = arguments.Scale,
        Port = arguments.Port,
        Throttle = arguments.Throttle,
        AccessLogPath = arguments.AccessLog,
        ServeCoreMetadata = arguments.Pep658,
        BindAllInterfaces = arguments.BindAll,
        OnStarted = server =>
        {
            foreach (var (key, value) in server.Notes)
                Log.Information("{Key}: {Value}", key, value);
            if (arguments.UrlFile is null)
                return;
            // Written whole and renamed, so a script polling for the file never reads half a URL.
            File.WriteAllText(arguments.UrlFile + ".tmp", server.BaseUrl + "\n");
            File.Move(arguments.UrlFile + ".tmp", arguments.UrlFile, overwrite: true);
        },
    }, stop.Token);
    Log.Information("Served {Requests} requests, {Bytes} bytes", result.Requests, result.BytesSent);
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or ByteRateFormatException or CatalogueException or IndexOptionsException or FormatException)
{
    Log.Error("{Message}", ex.Message);
    return 2;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Command-line arguments of the benchmark helper.</summary>
internal sealed record BenchArguments(string Wheelhouse, double Scale, string? Throttle, int Port, string? AccessLog, string? UrlFile, string? Catalogue, bool Pep658, bool BindAll)
{
    public static BenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pep658" or "--bind-all":
                    flags.Add(args[i]);
                    break;
                case "--wheelhouse" or "--scale" or "--throttle" or "--port" or "--access-log" or "--url-file" or "--catalogue" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete argument '{args[i]}' (see the usage comment in Program.cs)");
            }
        }
        if (!values.TryGetValue("--wheelhouse", out var wheelhouse))
            throw new ArgumentException("--wheelhouse DIR is required");
        var scale = values.TryGetValue("--scale", out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : values.ContainsKey("--scale") ? throw new ArgumentException($"--scale '{s}' is not a number (e.g. 0.01)") : 0.01;
        var throttle = values.TryGetValue("--throttle", out var t) && t is not ("" or "none" or "0") ? t : null;
        var port = values.TryGetValue("--port", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 0;
        return new BenchArguments(wheelhouse, scale, throttle, port, values.GetValueOrDefault("--access-log"),
            values.GetValueOrDefault("--url-file"), values.GetValueOrDefault("--catalogue"), flags.Contains("--pep658"), flags.Contains("--bind-all"));
    }
}
