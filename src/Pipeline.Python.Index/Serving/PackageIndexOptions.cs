using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;
using Pipeline.Python.Index.Faults;

namespace Pipeline.Python.Index.Serving;

/// <summary>Everything <see cref="PackageIndexServer"/> needs; each number declares its default and valid range once, on the property.</summary>
public sealed record PackageIndexOptions
{
    /// <summary>
    /// Index name → wheelhouse folder. Each is served at <c>/{name}/simple/</c> (e.g. <c>pypi</c> and
    /// <c>cpu</c>, like PyPI and the PyTorch CPU index). Names are lower-case letters, digits and '-'.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Indexes { get; init; }

    /// <summary>Address to listen on. Default <c>127.0.0.1</c>: nothing outside this machine can reach it.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>
    /// Listen on every interface (<c>0.0.0.0</c>) instead of <see cref="BindAddress"/>, for containers that
    /// cannot use host networking (they reach the host through its bridge address). Default false.
    /// </summary>
    public bool BindAllInterfaces { get; init; }

    /// <summary>TCP port; 0 (default) picks a free one (read it back from <see cref="PackageIndexServer.BaseUrl"/>).</summary>
    [Range(0, 65535)]
    public int Port { get; init; }

    /// <summary>Per-connection bandwidth limit in bytes/second, null for none (default). See <c>ByteRate.Parse</c>.</summary>
    [Range(1L, long.MaxValue)]
    public long? ThrottleBytesPerSecond { get; init; }

    /// <summary>Bytes a throttled connection may send ahead of schedule. Default 16 KiB.</summary>
    [Range(1L, long.MaxValue)]
    public long ThrottleBurstBytes { get; init; } = 16 * 1024;

    /// <summary>Size of the slices a throttled response is written in. Default 8 KiB.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int ThrottleChunkBytes { get; init; } = 8 * 1024;

    /// <summary>
    /// Serve PEP 658 <c>.metadata</c> files and advertise them. Default false: Debian's pip 23.0.1 downloads
    /// each wheel twice when they are advertised (pip bug 11847).
    /// </summary>
    public bool ServeCoreMetadata { get; init; }

    /// <summary>
    /// Faults to inject (latency, downloads cut off or stalled part-way, 503 bursts), to reproduce a lossy
    /// upstream. Default <see cref="IndexFaults.None"/>.
    /// </summary>
    [ValidateMembers]
    public IndexFaults Faults { get; init; } = IndexFaults.None;

    /// <summary>Append one line per request to this file (see docs/mirror.md for the format); null for none.</summary>
    public string? AccessLogPath { get; init; }

    /// <summary><c>max-age</c> of index pages; pip revalidates them anyway (it sends max-age=0). Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan IndexPageMaxAge { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>max-age</c> of wheel files, which never change under one name. Default 365 days.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan FileMaxAge { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Clock used for throttling; tests may pass a fake one. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where server events go; default <see cref="Serilog.Log.Logger"/>.</summary>
    public Serilog.ILogger? Logger { get; init; }
}
