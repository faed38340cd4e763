using Pipeline.IO;

namespace Pipeline.Verify.Tests.Unit;

public class ByteSizeTests
{
    [Theory]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("2 gb", 2_000_000_000)]
    [InlineData("1.5GiB", 1_610_612_736)]
    [InlineData("800m", 800_000_000)]
    [InlineData("512", 512)]
    [InlineData("10kB", 10_000)]
    public void Parses_sizes_as_people_write_them(string text, long expected) =>
        Assert.Equal(expected, ByteSize.Parse(text, "test"));

    [Theory]
    [InlineData("two gigs")]
    [InlineData("2 XB")]
    [InlineData("")]
    [InlineData("99999999999TB")]
    public void Rejects_non_sizes_with_one_line_naming_the_source(string text)
    {
        var error = Assert.Throws<ByteSizeFormatException>(() => ByteSize.Parse(text, "docker-compose.yml:12"));
        Assert.StartsWith("docker-compose.yml:12: '", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("docker-compose.yml:12", error.Location);
    }

    [Theory]
    [InlineData("1TiB", true, 1_099_511_627_776)]
    [InlineData("600 KB", true, 600_000)]
    [InlineData("600 KBps", false, 0)]
    [InlineData(null, false, 0)]
    public void TryParse_reports_instead_of_throwing(string? text, bool ok, long expected)
    {
        Assert.Equal(ok, ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(950, "950 B")]
    [InlineData(12_345_678, "12.3 MB")]
    [InlineData(1_250_000_000, "1.25 GB")]
    public void Formats_with_decimal_units(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));

    [Theory]
    [InlineData(0, "±0 B")]
    [InlineData(2_000, "+2.0 kB")]
    [InlineData(-2_000, "-2.0 kB")]
    public void Formats_deltas_with_a_sign(long bytes, string expected) => Assert.Equal(expected, ByteSize.FormatDelta(bytes));
}
