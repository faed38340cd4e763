namespace Pipeline.Benchmarks;

/// <summary>
/// How the stand-in upstream misbehaves beyond its per-connection throttle: a fraction of wheel downloads cut off
/// mid-transfer and a delay before each response. A plain seam: the index server gains these fault modes on the
/// package-proxy branch; until then a run that asks for them is refused with one line rather than silently
/// measuring a link without faults.
/// </summary>
public sealed record UpstreamFaults
{
    /// <summary>No faults: the default.</summary>
    public static readonly UpstreamFaults None = new();

    /// <summary>Fraction (0 to 1) of wheel downloads cut off mid-transfer. Default 0.</summary>
    public double Drop { get; init; }

    /// <summary>Delay before each response. Default zero.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>True when any fault is asked for.</summary>
    public bool Any => Drop > 0 || Latency > TimeSpan.Zero;

    /// <summary>Problems with the values, one line each, named by the command-line parameter.</summary>
    public IEnumerable<string> Problems()
    {
        if (Drop is < 0 or > 1 || double.IsNaN(Drop))
            yield return $"--drop {Drop}: expected a fraction from 0 to 1";
        if (Latency < TimeSpan.Zero)
            yield return $"--latency {Latency.TotalMilliseconds}: expected 0 or more milliseconds";
    }
}
