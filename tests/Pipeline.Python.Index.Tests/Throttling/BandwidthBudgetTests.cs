using Pipeline.Python.Index.Throttling;

namespace Pipeline.Python.Index.Tests.Throttling;

public sealed class BandwidthBudgetTests
{
    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Without_burst_every_byte_costs_its_share_of_a_second()
    {
        var budget = new BandwidthBudget(bytesPerSecond: 1000, burstBytes: 0);
        Assert.Equal(Seconds(0.5), budget.Reserve(500, Seconds(0)));
        // Sent on schedule at t=0.5: the next 500 bytes are due at t=1.0.
        Assert.Equal(Seconds(0.5), budget.Reserve(500, Seconds(0.5)));
    }

    [Fact]
    public void Writing_faster_than_the_rate_accumulates_waiting()
    {
        var budget = new BandwidthBudget(1000, 0);
        var total = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
            total = budget.Reserve(100, Seconds(0)); // ten writes at the same instant
        Assert.Equal(Seconds(1), total); // the last one waits for the whole kilobyte
    }

    [Fact]
    public void The_burst_lets_a_first_chunk_through_without_waiting()
    {
        var budget = new BandwidthBudget(1000, burstBytes: 2000);
        Assert.Equal(TimeSpan.Zero, budget.Reserve(2000, Seconds(0)));
        Assert.Equal(Seconds(0.5), budget.Reserve(500, Seconds(0)));
    }

    [Fact]
    public void An_idle_connection_does_not_save_up_more_than_the_burst()
    {
        var budget = new BandwidthBudget(1000, burstBytes: 0);
        budget.Reserve(1000, Seconds(0));
        // Idle for 10 s: the next kilobyte still takes a full second.
        Assert.Equal(Seconds(1), budget.Reserve(1000, Seconds(10)));
    }

    [Fact]
    public void Long_run_rate_never_exceeds_the_limit()
    {
        var budget = new BandwidthBudget(600_000, 16 * 1024);
        var now = TimeSpan.Zero;
        long sent = 0;
        for (var i = 0; i < 1000; i++)
        {
            now += budget.Reserve(8192, now); // wait as told, then send
            sent += 8192;
        }
        // The time taken is what the rate allows, give or take the burst allowance.
        Assert.InRange(now.TotalSeconds, (sent - 16 * 1024) / 600_000.0 - 0.001, sent / 600_000.0);
    }
}
