using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Containers.Context;

namespace Pipeline.Containers.Building;

/// <summary>
/// Everything that decides what an image build produces, as one digest: the Dockerfile text sent (base images
/// mapped, before the label step), the context entries sent after <c>.dockerignore</c> that its COPY/ADD sources can
/// reach (<see cref="ContextReach"/>: path, type, mode, link target, content; not times: a checkout or a touch does
/// not change an image; a file only another service copies does not either), the build args, the target stage,
/// the network mode, the base image mapping, the labels and the IDs of the base images. The digest is written as
/// <see cref="ImageLabels.InputsLabel"/> on the image; the next build compares it before sending anything.
/// </summary>
internal static class BuildInputDigest
{
    // Bump when what goes into the digest changes: images built by an older rule are then rebuilt once.
    private const string Scheme = "pipeline-build-inputs/2";

    /// <summary>The digest (<c>sha256:</c> hex) of <paramref name="inputs"/> (pure).</summary>
    public static string Compute(BuildInputs inputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Field(string name, string? value)
        {
            // Length-prefixed, so no two different field lists hash the same text.
            var bytes = Encoding.UTF8.GetBytes(value ?? "\0null");
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{name}:{bytes.Length}:")));
            hash.AppendData(bytes);
        }
        void Map(string name, IEnumerable<KeyValuePair<string, string>> pairs)
        {
            var sorted = pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            Field(name, sorted.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var (key, value) in sorted)
            {
                Field("key", key);
                Field("value", value);
            }
        }

        Field("scheme", Scheme);
        Field("dockerfile-path", inputs.DockerfileInTar);
        Field("dockerfile", inputs.DockerfileText);
        Field("context", inputs.ContextDigest);
        Field("target", inputs.Target);
        Field("network", inputs.NetworkMode);
        Map("args", inputs.BuildArgs);
        Map("labels", inputs.Labels);
        Map("base-image-map", inputs.BaseImageMap);
        Map("base-images", inputs.BaseImageIds);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The digest of a packed context's entries, leaving out <paramref name="skipEntry"/> (the Dockerfile, hashed as
    /// text). Entry times and owners are not part of it; names, types, modes, link targets and contents are.
    /// </summary>
    public static async Task<string> ContextAsync(string tarPath, string? skipEntry, CancellationToken ct) =>
        (await ContextAsync(tarPath, skipEntry, ContextReach.Whole("all entries asked for"), ct)).Digest;

    /// <summary>
    /// As <see cref="ContextAsync(string, string?, CancellationToken)"/>, over only the entries that can reach the
    /// image (<paramref name="reach"/>). A symbolic link the builder would follow (a source names it, or a folder on
    /// the way to a source) can bring in any file, so then every entry counts.
    /// </summary>
    public static async Task<ContextDigest> ContextAsync(string tarPath, string? skipEntry, ContextReach reach, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reach);
        // Both digests in one read: whether a followed link makes the whole context count is known only at the end.
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reached = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var reader = new TarReader(file);
        var buffer = new byte[81920];
        var (total, counted) = (0, 0);
        string? followedLink = null;
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.Name == skipEntry) continue;
            total++;
            var reaches = reach.Reaches(entry.Name);
            if (reaches) counted++;
            if (entry.EntryType == TarEntryType.SymbolicLink && followedLink is null && !reach.IsWholeContext && reach.Follows(entry.Name))
                followedLink = entry.Name;
            var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{entry.Name.Length}:{entry.Name}\0{entry.EntryType}\0{(int)entry.Mode}\0{entry.LinkName}\0{entry.Length}\0"));
            whole.AppendData(head);
            if (reaches) reached.AppendData(head);
            if (entry.DataStream is { } data)
            {
                int read;
                while ((read = await data.ReadAsync(buffer, ct)) > 0)
                {
                    whole.AppendData(buffer, 0, read);
                    if (reaches) reached.AppendData(buffer, 0, read);
                }
            }
        }
        var wholeDigest = "sha256:" + Convert.ToHexStringLower(whole.GetHashAndReset());
        if (reach.IsWholeContext) return new ContextDigest(wholeDigest, total, total, reach.WholeContextReason);
        if (followedLink is not null)
            return new ContextDigest(wholeDigest, total, total, $"{followedLink} is a symbolic link the builder follows");
        // Tagged, so a reached set that happens to equal the whole context still differs from a whole-context digest.
        reached.AppendData("\0reach:"u8);
        foreach (var source in reach.Sources) reached.AppendData(Encoding.UTF8.GetBytes(source + "\0"));
        return new ContextDigest("sha256:" + Convert.ToHexStringLower(reached.GetHashAndReset()), counted, total, null);
    }
}

/// <summary>The digest of the context entries that can reach an image (<see cref="BuildInputDigest.ContextAsync(string, string?, ContextReach, CancellationToken)"/>).</summary>
/// <param name="Digest">The digest (<c>sha256:</c> hex).</param>
/// <param name="Counted">How many entries it covers.</param>
/// <param name="Total">How many entries the context sends (the Dockerfile left out).</param>
/// <param name="WholeContextReason">Why every entry counts, or null when only the reached ones do.</param>
internal sealed record ContextDigest(string Digest, int Counted, int Total, string? WholeContextReason);

/// <summary>What one image build depends on (see <see cref="BuildInputDigest"/>).</summary>
/// <param name="DockerfileInTar">The Dockerfile's path in the context.</param>
/// <param name="DockerfileText">The Dockerfile text sent, before Pipeline's label step.</param>
/// <param name="ContextDigest">The digest of the other context entries (<see cref="BuildInputDigest.ContextAsync(string, string?, ContextReach, CancellationToken)"/>).</param>
/// <param name="Target">The target stage, or null.</param>
/// <param name="NetworkMode">The build network, or null for the engine's default.</param>
/// <param name="BuildArgs">Build args with values.</param>
/// <param name="Labels">The labels the image gets (without the digest label itself).</param>
/// <param name="BaseImageMap">The base image mapping in force.</param>
/// <param name="BaseImageIds">Each base image named in a FROM → its image ID, or <c>missing</c>.</param>
internal sealed record BuildInputs(
    string DockerfileInTar,
    string DockerfileText,
    string ContextDigest,
    string? Target,
    string? NetworkMode,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> BaseImageMap,
    IReadOnlyDictionary<string, string> BaseImageIds);
