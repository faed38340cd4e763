using Pipeline.Containers.Building;

namespace Pipeline.Containers.Tests.Building;

public class BuildReportTableTests
{
    [Fact]
    public void Sizes_are_in_decimal_units_like_the_verify_report()
    {
        var table = BuildReportTable.Format(
        [
            new ImageBuildRow("aidb", "stack-aidb", ImageBuildOutcome.Built, TimeSpan.FromSeconds(12.3), 149_000_000, 17, 16, 1),
            new ImageBuildRow("later", "stack-later", ImageBuildOutcome.Skipped, TimeSpan.Zero, null, 0, 0, 0, Error: "skipped"),
        ]);

        var lines = table.Split('\n');
        Assert.Contains(" 149.0 MB ", lines[1]);
        Assert.Contains("16/17", lines[1]);
        Assert.Matches(@"^later\s+Skipped\s+0\.0s\s+-\s+-\s+0  skipped$", lines[2]);
    }
}
