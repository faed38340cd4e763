using Pipeline.Benchmarks;

namespace Pipeline.Benchmarks.Tests;

public class StatisticsTests
{
    [Fact]
    public void Median_of_an_odd_sample_is_the_middle_value_and_spread_is_min_to_max()
    {
        var spread = Spread.Of([30, 10, 20])!;

        Assert.Equal(20, spread.Median);
        Assert.Equal(10, spread.Min);
        Assert.Equal(30, spread.Max);
        Assert.Equal(20, spread.Range);
        Assert.Equal(1.0, spread.RelativeRange);
        Assert.Equal(3, spread.Count);
    }

    [Fact]
    public void Median_of_an_even_sample_is_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(25, Spread.Of([40, 10, 20, 30])!.Median);
        Assert.Equal(7, Spread.Of([7])!.Median);
    }

    [Fact]
    public void An_empty_sample_has_no_median()
    {
        Assert.Null(Spread.Of([]));
        Assert.Null(Spread.Of([double.NaN]));
    }

    [Fact]
    public void Floor_is_distinct_bytes_over_connections_times_rate()
    {
        // The package-proxy design note: 42.9 MB at 8 connections × 600 kB/s is 9 s of transfer.
        Assert.Equal(8.94, Floor.Seconds(42_900_000, 8, 600_000), precision: 2);
        Assert.Equal(10, Floor.Seconds(6_000_000, 1, 600_000), precision: 6);
        Assert.Equal(0, Floor.Seconds(0, 8, 600_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Floor.Seconds(1, 0, 600_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Floor.Seconds(1, 1, 0));
    }
}
