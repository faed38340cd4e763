using Pipeline.Python.Index.Throttling;

namespace Pipeline.Python.Index.Tests.Throttling;

public sealed class ByteRateTests
{
    [Theory]
    [InlineData("600KB", 600_000)]
    [InlineData("1.5MB", 1_500_000)]
    [InlineData("512KiB", 524_288)]
    [InlineData("2MiB/s", 2_097_152)]
    [InlineData("750000", 750_000)]
    [InlineData(" 10 kb ", 10_000)]
    [InlineData("1TB/s", 1_000_000_000_000)]
    public void Rates_are_parsed_in_bytes_per_second(string text, long expected) => Assert.Equal(expected, ByteRate.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("600 KBps")]
    [InlineData("-5MB")]
    [InlineData("0KB")]
    [InlineData("5MB/S")]
    public void Bad_rates_get_one_clear_error(string text)
    {
        var error = Assert.Throws<ByteRateFormatException>(() => ByteRate.Parse(text));
        Assert.Contains("e.g. 600KB or 1.5MB", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Rates_are_formatted_for_summaries() => Assert.Equal("600 KB/s", ByteRate.Format(600_000));
}
