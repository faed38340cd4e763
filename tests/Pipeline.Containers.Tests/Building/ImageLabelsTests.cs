using Pipeline.Containers.Building;

namespace Pipeline.Containers.Tests.Building;

public class ImageLabelsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Commit = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Created_prefers_the_given_time_then_SOURCE_DATE_EPOCH_then_the_commit_then_now()
    {
        var git = new GitMetadata("abc", null, Commit);
        var given = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(given, ImageLabels.CreatedTime(given, "1700000000", git, Now));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), ImageLabels.CreatedTime(null, "1700000000", git, Now));
        Assert.Equal(Commit, ImageLabels.CreatedTime(null, null, git, Now));
        Assert.Equal(Commit, ImageLabels.CreatedTime(null, "not-a-number", git, Now));
        Assert.Equal(Now, ImageLabels.CreatedTime(null, null, new GitMetadata(null, null), Now));
    }

    [Fact]
    public void Compose_and_extra_labels_win_over_the_defaults()
    {
        var labels = ImageLabels.For("proj", "svc", Commit, new GitMetadata("abc", "https://example.org/r.git"),
            new Dictionary<string, string> { ["org.opencontainers.image.title"] = "from-compose" },
            new Dictionary<string, string> { ["extra"] = "1" });

        Assert.Equal("2026-11-20T08:30:00Z", labels["org.opencontainers.image.created"]);
        Assert.Equal("from-compose", labels["org.opencontainers.image.title"]);
        Assert.Equal("abc", labels["org.opencontainers.image.revision"]);
        Assert.Equal("proj", labels["com.docker.compose.project"]);
        Assert.Equal("1", labels["extra"]);
    }
}
