namespace Pipeline.Stack.LocalIndex;

/// <summary>How the build's own package index is made and served.</summary>
public sealed record LocalIndexOptions
{
    /// <summary>Where the stand-in wheels are built (reused across runs: building is incremental).</summary>
    public required string WheelhouseDirectory { get; init; }

    /// <summary>A catalogue file; null uses the embedded torch 2.5.1 catalogue.</summary>
    public string? CataloguePath { get; init; }

    /// <summary>Scale of the stand-in wheels' sizes relative to the real packages (default 1/100).</summary>
    public double ScaleFactor { get; init; } = 0.01;

    /// <summary>Per-connection bandwidth limit in bytes per second, to reproduce a slow link; null for none.</summary>
    public long? ThrottleBytesPerSecond { get; init; }

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Listen on all interfaces (for builds that cannot use host networking).</summary>
    public bool BindAllInterfaces { get; init; }

    /// <summary>Serve PEP 658 <c>.metadata</c> files (off: Debian's pip downloads twice with them).</summary>
    public bool ServeCoreMetadata { get; init; }

    /// <summary>Access log file (requests and bytes), for benchmarks; null keeps it in memory only.</summary>
    public string? AccessLogPath { get; init; }
}
