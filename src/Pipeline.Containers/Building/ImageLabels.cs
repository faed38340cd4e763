using System.Globalization;
using Pipeline.Compose.Naming;

namespace Pipeline.Containers.Building;

/// <summary>The labels every built image gets (pure).</summary>
internal static class ImageLabels
{
    /// <summary>
    /// The digest of everything the image was built from (<see cref="BuildInputDigest"/>). BuildParallel compares it
    /// before building and sends nothing when it matches; CleanEngine knows Pipeline's images by it.
    /// </summary>
    public const string InputsLabel = "io.pipeline.build.inputs";

    /// <summary>
    /// The <c>org.opencontainers.image.created</c> time: the one given, else <c>SOURCE_DATE_EPOCH</c> (the
    /// reproducible-builds convention), else the last commit's time, else <paramref name="now"/>. A time that only
    /// changes with the source keeps the label step, and so the whole image, in the layer cache.
    /// </summary>
    public static DateTimeOffset CreatedTime(DateTimeOffset? given, string? sourceDateEpoch, GitMetadata git, DateTimeOffset now) =>
        given
        ?? (long.TryParse(sourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch) : (DateTimeOffset?)null)
        ?? git.CommitTime
        ?? now;

    /// <summary>
    /// OCI labels (<c>created</c>, <c>revision</c> and <c>source</c> when known, <c>title</c> = service), the compose
    /// project/service labels, then the compose file's build labels and the extra labels (later ones win).
    /// </summary>
    public static IDictionary<string, string> For(
        string project, string service, DateTimeOffset created, GitMetadata git,
        IReadOnlyDictionary<string, string> buildLabels, IReadOnlyDictionary<string, string> extra)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["org.opencontainers.image.title"] = service,
            [ComposeNaming.DockerProjectLabel] = project,
            [ComposeNaming.DockerServiceLabel] = service,
        };
        if (git.Revision is not null) labels["org.opencontainers.image.revision"] = git.Revision;
        if (git.Source is not null) labels["org.opencontainers.image.source"] = git.Source;
        foreach (var (key, value) in buildLabels) labels[key] = value;
        foreach (var (key, value) in extra) labels[key] = value;
        return labels;
    }
}
