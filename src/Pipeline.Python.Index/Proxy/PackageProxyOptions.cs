using System.ComponentModel.DataAnnotations;
using Pipeline.Packaging;
using Pipeline.IO.Options;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// Everything <see cref="PackageProxy"/> needs. Each number has its default and valid range declared once, on the
/// property; <see cref="Problems"/> checks them (and the URLs) before the proxy starts.
/// </summary>
public sealed record PackageProxyOptions : IValidatableObject
{
    /// <summary>The main upstream: a PEP 503 simple root such as <see cref="PackageIndexes.PypiSimple"/>.</summary>
    [Required, HttpUrl]
    public required Uri MainIndexUrl { get; init; }

    /// <summary>The CPU torch upstream such as <see cref="PackageIndexes.PytorchCpu"/>; null serves no CPU index.</summary>
    [HttpUrl]
    public Uri? CpuIndexUrl { get; init; }

    /// <summary>
    /// Projects the routed index (<c>/routed/simple/</c>) takes only from <see cref="CpuIndexUrl"/>; every other
    /// project comes only from <see cref="MainIndexUrl"/>. Default torch, torchvision, torchaudio.
    /// </summary>
    public IReadOnlyList<string> CpuProjects { get; init; } = PackageIndexes.TorchPackages;

    /// <summary>
    /// The package store: files by sha256, cached pages and metadata, shared by every process that uses the same
    /// folder. Default <c>~/.cache/pipeline/packages</c> (see <see cref="DefaultPackageCache"/>).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string PackageCache { get; init; } = DefaultPackageCache;

    /// <summary>
    /// Names the upstreams' cached pages in the store. Null (default): the upstream URLs do. Set it when the URLs
    /// change between runs for the same content (a local index on a free port), so later runs, offline ones
    /// included, find the pages.
    /// </summary>
    public string? PageNamespace { get; init; }

    /// <summary>Serve only what the store holds: no upstream request; a miss is one error naming the file. Default false.</summary>
    public bool Offline { get; init; }

    /// <summary>Address to listen on. Default <c>127.0.0.1</c>.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Listen on <c>0.0.0.0</c> (for containers without host networking). Default false.</summary>
    public bool BindAllInterfaces { get; init; }

    /// <summary>TCP port; 0 (default) picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; init; }

    /// <summary>How long a cached page is used before it is revalidated upstream (ETag / Last-Modified). Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan PageMaxAge { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per upstream download, the first included; a cut-off one resumes with Range. Default 8.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Delay before the first retry, doubled each time with jitter. Default 0.2 s (a cut-off resumes where it stopped).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between attempts. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A download that receives no byte for this long is cut and resumed. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Overall deadline of one upstream download, all attempts and waits included. Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A wheel no bigger than this (by the page's size) is fetched whole into the store for its metadata instead of
    /// read with Range requests: two Range reads of a small wheel cost about the wheel, and the install that
    /// usually follows then finds it in the store. 0 always uses Range. Default 256 KiB.
    /// </summary>
    [Range(0L, long.MaxValue)]
    public long WholeWheelForMetadataBelow { get; init; } = 256 * 1024;

    /// <summary>
    /// Most upstream connections one file comes over: a file of at least two <see cref="RangedPartBytes"/> is fetched
    /// in that many ranged parts at once (per-connection limits of a slow link then add up), from an upstream that
    /// answers Range. The parts beyond each file's first share a pool of this many connections. 1 never splits. Default 8.
    /// </summary>
    [Range(1, 64)]
    public int FileConnections { get; init; } = 8;

    /// <summary>Smallest ranged part of a file fetched over several connections (each part costs a request). Default 512 KiB.</summary>
    [Range(1024L, long.MaxValue)]
    public long RangedPartBytes { get; init; } = 512 * 1024;

    /// <summary>Append one line per request to this file (the index server's format); null (default) keeps it in memory.</summary>
    public string? AccessLogPath { get; init; }

    /// <summary>Where proxy events go; default <see cref="Serilog.Log.Logger"/>.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary><c>~/.cache/pipeline/packages</c> (or under <c>$XDG_CACHE_HOME</c> when set).</summary>
    public static string DefaultPackageCache
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
            return Path.Combine(root, "pipeline", "packages");
        }
    }

    /// <summary>Every problem, one line each; empty when the proxy can start with these options.</summary>
    public IReadOnlyList<string> Problems() => OptionsValidator.Problems(this);

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (CpuIndexUrl is null && CpuProjects.Count > 0)
            yield return new ValidationResult($"[{string.Join(", ", CpuProjects)}]: routed to the CPU index, but CpuIndexUrl is not set", [nameof(CpuProjects)]);
    }
}
