namespace Pipeline.Python.Index.Throttling;

/// <summary>
/// Pure rate-limiting arithmetic (a generic cell-rate algorithm): given how many bytes are about to be sent
/// and the current time, says how long to wait first so the long-run rate never exceeds
/// <see cref="BytesPerSecond"/>, allowing at most <see cref="BurstBytes"/> ahead of schedule. No clock and no
/// sleeping here, so it is unit-testable; <see cref="MeteredStream"/> does the waiting.
/// </summary>
internal sealed class BandwidthBudget
{
    private readonly Lock _gate = new();
    private TimeSpan _theoreticalArrival = TimeSpan.Zero;

    /// <summary>Creates a budget of <paramref name="bytesPerSecond"/> with a burst allowance.</summary>
    public BandwidthBudget(long bytesPerSecond, long burstBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(burstBytes);
        BytesPerSecond = bytesPerSecond;
        BurstBytes = burstBytes;
    }

    /// <summary>The sustained rate allowed.</summary>
    public long BytesPerSecond { get; }

    /// <summary>How many bytes may go out ahead of the steady schedule (e.g. after an idle pause).</summary>
    public long BurstBytes { get; }

    /// <summary>
    /// Books <paramref name="bytes"/> at time <paramref name="now"/> (any monotonic clock) and returns how long
    /// the caller must wait before sending them.
    /// </summary>
    public TimeSpan Reserve(long bytes, TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var cost = TimeSpan.FromSeconds((double)bytes / BytesPerSecond);
        var tolerance = TimeSpan.FromSeconds((double)BurstBytes / BytesPerSecond);
        lock (_gate)
        {
            var start = _theoreticalArrival > now ? _theoreticalArrival : now;
            _theoreticalArrival = start + cost;
            var wait = _theoreticalArrival - tolerance - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }
}
