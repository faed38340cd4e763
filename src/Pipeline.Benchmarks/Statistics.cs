namespace Pipeline.Benchmarks;

/// <summary>The median of a sample and how far it spreads (min to max). Pure.</summary>
/// <param name="Count">Values in the sample.</param>
/// <param name="Median">The middle value (the mean of the two middle values for an even count).</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record Spread(int Count, double Median, double Min, double Max)
{
    /// <summary>Max − min.</summary>
    public double Range => Max - Min;

    /// <summary>The spread relative to the median (0 when the median is 0).</summary>
    public double RelativeRange => Median == 0 ? 0 : Range / Median;

    /// <summary>Median, min and max of <paramref name="values"/>; null for an empty sample.</summary>
    public static Spread? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(sorted.Length, median, sorted[0], sorted[^1]);
    }
}

/// <summary>The physical floor of a build's downloads. Pure.</summary>
public static class Floor
{
    /// <summary>
    /// Seconds the distinct bytes need at <paramref name="connections"/> connections of
    /// <paramref name="bytesPerSecond"/> each: no client can fetch them faster over this link.
    /// </summary>
    public static double Seconds(long neededBytes, int connections, long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neededBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        return (double)neededBytes / ((double)connections * bytesPerSecond);
    }
}
