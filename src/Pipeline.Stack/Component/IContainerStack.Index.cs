using Pipeline.Build;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Mirroring;

namespace Pipeline.Stack.Component;

/// <summary>
/// The package index builds and locks use, the Proxy and Mirror targets that serve it in the foreground, and the faults
/// the stand-in index injects, so a slow, lossy upstream starts from the command line:
/// <c>./build.sh Mirror --throttle 600KB --drop 0.3 --latency 200</c>.
/// </summary>
public partial interface IContainerStack
{
    /// <summary>A package index (PyPI mirror) to use instead of the local stand-in index.</summary>
    [Parameter("A package index (PyPI mirror) to use instead of the local stand-in index.")]
    [SetsOption("StackSettings.IndexUrl")]
    string? IndexUrl => ParameterValue(() => IndexUrl, null);

    /// <summary>With --index-url: the CPU torch index.</summary>
    [Parameter("With --index-url: the CPU torch index.")]
    [SetsOption("StackSettings.CpuIndexUrl")]
    string? CpuIndexUrl => ParameterValue(() => CpuIndexUrl, null);

    /// <summary>Wheel catalogue file of the local index.</summary>
    [Parameter("Local index: wheel catalogue file (default: embedded torch 2.5.1 catalogue).")]
    AbsolutePath? Catalogue => ParameterValue(() => Catalogue, null);

    /// <summary>Stand-in wheel size relative to the real package.</summary>
    [Parameter("Local index: stand-in wheel size relative to the real package (default 0.01; Benchmark: 0.1).")]
    [SetsOption("MirrorOptions.ScaleFactor")]
    double? WheelScale => ParameterValue(() => WheelScale, null);

    /// <summary>Per-connection bandwidth limit of the local index.</summary>
    [Parameter("Local index: per-connection bandwidth limit, e.g. 600KB or 1.5MB (default: none; Benchmark: 600KB).")]
    [SetsOption("MirrorOptions.Throttle")]
    string? Throttle => ParameterValue(() => Throttle, null);

    /// <summary>TCP port of the local index.</summary>
    [Parameter("Local index: TCP port; keep it stable so rebuilds reuse cached layers (0 picks a free one).")]
    [SetsOption("MirrorOptions.Port")]
    [SetsOption("PackageProxyOptions.Port")]
    int IndexPort => ParameterValue(() => IndexPort, MirrorOptions.DefaultPort);

    /// <summary>Folder of the package store shared by runs.</summary>
    [Parameter("Package proxy: folder of the package store shared by runs (default: ~/.cache/pipeline/packages).")]
    AbsolutePath? PackageCache => ParameterValue(() => PackageCache, null);

    /// <summary>Serve only what the package store holds.</summary>
    [Parameter("Package proxy: serve only what the package store holds; no upstream request.")]
    bool Offline => ParameterValue(() => Offline, false);

    /// <summary>Milliseconds of latency before every response.</summary>
    [Parameter("Local index: milliseconds of latency before every response (default 0).")]
    [SetsOption("StackSettings.IndexFaults.Latency")]
    [SetsOption("MirrorOptions.Faults.Latency")]
    double Latency => ParameterValue(() => Latency, IndexFaults.None.Latency.TotalMilliseconds);

    /// <summary>Fraction of file downloads cut off mid-transfer.</summary>
    [Parameter("Local index: fraction of file downloads cut off mid-transfer, 0 to 1 (default 0).")]
    [SetsOption("StackSettings.IndexFaults.Drop")]
    [SetsOption("MirrorOptions.Faults.Drop")]
    double Drop => ParameterValue(() => Drop, IndexFaults.None.Drop);

    /// <summary>How far into the body a dropped or stalled download is cut.</summary>
    [Parameter("Local index: how far into the body a dropped or stalled download is cut, 0 to 1 (default 0.5).")]
    [SetsOption("StackSettings.IndexFaults.DropAfter")]
    [SetsOption("MirrorOptions.Faults.DropAfter")]
    double DropAfter => ParameterValue(() => DropAfter, IndexFaults.None.DropAfter);

    /// <summary>Fraction of file downloads that go silent part-way.</summary>
    [Parameter("Local index: fraction of file downloads that go silent part-way, then close (default 0).")]
    [SetsOption("StackSettings.IndexFaults.Stall")]
    [SetsOption("MirrorOptions.Faults.Stall")]
    double Stall => ParameterValue(() => Stall, IndexFaults.None.Stall);

    /// <summary>Seconds a stalled download stays silent.</summary>
    [Parameter("Local index: seconds a stalled download stays silent (default 60).")]
    [SetsOption("StackSettings.IndexFaults.StallDuration")]
    [SetsOption("MirrorOptions.Faults.StallDuration")]
    double StallSeconds => ParameterValue(() => StallSeconds, IndexFaults.None.StallDuration.TotalSeconds);

    /// <summary>The first N requests of every path answer 503.</summary>
    [Parameter("Local index: the first N requests of every path answer 503 (default 0).")]
    [SetsOption("StackSettings.IndexFaults.ErrorBurst")]
    [SetsOption("MirrorOptions.Faults.ErrorBurst")]
    int ErrorBurst => ParameterValue(() => ErrorBurst, IndexFaults.None.ErrorBurst);

    /// <summary>Seed of the drop and stall decisions.</summary>
    [Parameter("Local index: seed of the drop and stall decisions (default 1).")]
    int FaultSeed => ParameterValue(() => FaultSeed, IndexFaults.None.Seed);

    /// <summary>The faults the parameters above ask for.</summary>
    IndexFaults IndexFaults => new()
    {
        Latency = TimeSpan.FromMilliseconds(Latency),
        Drop = Drop,
        DropAfter = DropAfter,
        Stall = Stall,
        StallDuration = TimeSpan.FromSeconds(StallSeconds),
        ErrorBurst = ErrorBurst,
        Seed = FaultSeed,
    };

    /// <summary>Serves the caching package proxy until Ctrl+C.</summary>
    Target Proxy => _ => _
        .Description("Serves the caching package proxy (routed, main and CPU indexes) in front of --index-url or the stand-in index until Ctrl+C.")
        .Requires(() => OptionsAreValid(nameof(Proxy)))
        .Executes(ct => RunStep(Stack.ProxyAsync, ct));

    /// <summary>Serves the local package index until Ctrl+C.</summary>
    Target Mirror => _ => _
        .Description("Serves the local package index (PyPI-like and CPU indexes) until Ctrl+C; --throttle, --drop, --latency... make it slow and lossy.")
        .Requires(() => OptionsAreValid(nameof(Mirror)))
        .Executes(ct => RunStep(Stack.MirrorAsync, ct));
}
