using Pipeline.Build;
using Pipeline.Python.Index.Faults;

/// <summary>
/// The Mirror target and the faults its index injects, so a slow, lossy upstream starts from the command line:
/// <c>./build.sh Mirror --throttle 600KB --drop 0.3 --latency 200</c>.
/// </summary>
partial class Build
{
    [Parameter("Local index: milliseconds of latency before every response (default 0).")]
    readonly double Latency;

    [Parameter("Local index: fraction of file downloads cut off mid-transfer, 0 to 1 (default 0).")]
    readonly double Drop;

    [Parameter("Local index: how far into the body a dropped or stalled download is cut, 0 to 1 (default 0.5).")]
    readonly double DropAfter = 0.5;

    [Parameter("Local index: fraction of file downloads that go silent part-way, then close (default 0).")]
    readonly double Stall;

    [Parameter("Local index: seconds a stalled download stays silent (default 60).")]
    readonly double StallSeconds = 60;

    [Parameter("Local index: the first N requests of every path answer 503 (default 0).")]
    readonly int ErrorBurst;

    [Parameter("Local index: seed of the drop and stall decisions (default 1).")]
    readonly int FaultSeed = 1;

    Target Mirror => _ => _
        .Description("Serves the local package index (PyPI-like and CPU indexes) until Ctrl+C; --throttle, --drop, --latency... make it slow and lossy.")
        .Executes(ct => Run(Stack.MirrorAsync, ct));

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
}
