using Pipeline.Dockerfiles.ConfigurePip;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

public class ChangeTableTests
{
    [Fact]
    public void Rows_are_aligned_with_paths_relative_to_the_stack()
    {
        var rows = new[]
        {
            new ChangeRow("/stack/aidb/Dockerfile", "#0", 9, ChangeKind.Added, "ENV PIP_DEFAULT_TIMEOUT=300 PIP_RETRIES=10", "pip's default timeout is 15 s"),
            new ChangeRow("/stack/aidb/Dockerfile", "#0", 5, ChangeKind.Removed, "PIP_PARALLEL_BUILDS=4", "not a pip setting"),
        };
        var lines = ChangeTable.Format(rows, "/stack").Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("file", lines[0]);
        Assert.Matches(@"^aidb/Dockerfile\s+#0\s+9\s+Added\s+ENV PIP_DEFAULT_TIMEOUT=300 PIP_RETRIES=10\s+pip's default timeout is 15 s$", lines[1]);
        Assert.Matches(@"^aidb/Dockerfile\s+#0\s+5\s+Removed\s+PIP_PARALLEL_BUILDS=4\s+not a pip setting$", lines[2]);
        Assert.Equal(lines[1].IndexOf("Added", StringComparison.Ordinal), lines[2].IndexOf("Removed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_stage_name_widens_the_stage_column()
    {
        var rows = new[]
        {
            new ChangeRow("aidb/Dockerfile", "#0 hybrid-coordinator-builder", 3, ChangeKind.Added, "ARG PIP_INDEX_URL", "mirror"),
            new ChangeRow("aidb/Dockerfile", "#1", 9, ChangeKind.Note, "x", "y"),
        };
        var lines = ChangeTable.Format(rows).Split('\n');
        Assert.Equal(lines[1].IndexOf("3  Added", StringComparison.Ordinal), lines[2].IndexOf("9  Note", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("line", StringComparison.Ordinal) + 3, lines[1].IndexOf("3  Added", StringComparison.Ordinal));
    }
}
