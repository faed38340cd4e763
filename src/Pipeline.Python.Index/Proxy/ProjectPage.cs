using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Pipeline.Python.Index.Proxy;

/// <summary>One file an upstream lists for a project, with everything a page must keep (PEP 503/691/658/700/714).</summary>
internal sealed record UpstreamFile
{
    public required string FileName { get; init; }

    /// <summary>Absolute upstream URL, without fragment.</summary>
    public required string Url { get; init; }

    public string? Sha256 { get; init; }

    public string? RequiresPython { get; init; }

    /// <summary>null: not yanked; "" yanked without reason; else the reason.</summary>
    public string? Yanked { get; init; }

    /// <summary>The upstream serves <c>{url}.metadata</c>.</summary>
    public bool UpstreamMetadata { get; init; }

    /// <summary>sha256 of the metadata file when the upstream gave it.</summary>
    public string? MetadataSha256 { get; init; }

    public long? Size { get; init; }

    public string? UploadTime { get; init; }

    public bool IsWheel => FileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A project page as read from an upstream, in either format.</summary>
internal sealed record ProjectPage(string Name, IReadOnlyList<UpstreamFile> Files);

/// <summary>Reads PEP 691 JSON and PEP 503 HTML project pages (links resolved against the page URL).</summary>
internal static partial class PageParser
{
    public static ProjectPage Parse(string project, string body, string? mediaType, Uri pageUrl) =>
        mediaType is not null && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? ParseJson(project, body, pageUrl)
            : ParseHtml(project, body, pageUrl);

    private static ProjectPage ParseJson(string project, string body, Uri pageUrl)
    {
        using var json = JsonDocument.Parse(body);
        var files = new List<UpstreamFile>();
        foreach (var file in json.RootElement.GetProperty("files").EnumerateArray())
        {
            var (url, fragmentSha) = Resolve(pageUrl, file.GetProperty("url").GetString()!);
            var sha = Sha256OrNull(file.TryGetProperty("hashes", out var hashes) && hashes.TryGetProperty("sha256", out var s) ? s.GetString() : fragmentSha);
            var (hasMetadata, metadataSha) = JsonMetadata(file, "core-metadata") is { } core ? core : JsonMetadata(file, "dist-info-metadata") ?? (false, null);
            files.Add(new UpstreamFile
            {
                FileName = file.GetProperty("filename").GetString()!,
                Url = url,
                Sha256 = sha,
                RequiresPython = file.TryGetProperty("requires-python", out var rp) && rp.ValueKind == JsonValueKind.String ? rp.GetString() : null,
                Yanked = file.TryGetProperty("yanked", out var y) ? y.ValueKind switch
                {
                    JsonValueKind.String => y.GetString(),
                    JsonValueKind.True => "",
                    _ => null,
                } : null,
                UpstreamMetadata = hasMetadata,
                MetadataSha256 = Sha256OrNull(metadataSha),
                Size = file.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
                UploadTime = file.TryGetProperty("upload-time", out var ut) && ut.ValueKind == JsonValueKind.String ? ut.GetString() : null,
            });
        }
        return new ProjectPage(project, files);
    }

    private static (bool, string?)? JsonMetadata(JsonElement file, string key)
    {
        if (!file.TryGetProperty(key, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => (true, null),
            JsonValueKind.Object => (true, value.TryGetProperty("sha256", out var sha) ? sha.GetString() : null),
            _ => (false, null),
        };
    }

    private static ProjectPage ParseHtml(string project, string body, Uri pageUrl)
    {
        var files = new List<UpstreamFile>();
        foreach (Match anchor in Anchor().Matches(body))
        {
            var attributes = Attribute().Matches(anchor.Groups["attrs"].Value)
                .GroupBy(m => m.Groups["name"].Value.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["value"].Value));
            if (!attributes.TryGetValue("href", out var href))
                continue;
            var (url, sha) = Resolve(pageUrl, href);
            var text = WebUtility.HtmlDecode(Tag().Replace(anchor.Groups["text"].Value, "")).Trim();
            var name = text.Length > 0 ? text : Uri.UnescapeDataString(new Uri(url).Segments[^1]);
            var metadata = attributes.GetValueOrDefault("data-core-metadata") ?? attributes.GetValueOrDefault("data-dist-info-metadata");
            files.Add(new UpstreamFile
            {
                FileName = name,
                Url = url,
                Sha256 = sha,
                RequiresPython = attributes.GetValueOrDefault("data-requires-python"),
                Yanked = attributes.GetValueOrDefault("data-yanked"),
                UpstreamMetadata = metadata is not null && metadata != "false",
                MetadataSha256 = metadata is not null && metadata.StartsWith("sha256=", StringComparison.Ordinal) ? Sha256OrNull(metadata["sha256=".Length..]) : null,
            });
        }
        return new ProjectPage(project, files);
    }

    /// <summary>The absolute URL without fragment, and the sha256 the fragment carries.</summary>
    private static (string Url, string? Sha256) Resolve(Uri pageUrl, string href)
    {
        var absolute = new Uri(pageUrl, href);
        var fragment = absolute.Fragment.TrimStart('#');
        var sha = fragment.StartsWith("sha256=", StringComparison.Ordinal) ? Sha256OrNull(fragment["sha256=".Length..]) : null;
        var builder = new UriBuilder(absolute) { Fragment = "" };
        return (builder.Uri.AbsoluteUri, sha);
    }

    /// <summary>
    /// The hash in lower case, or null unless it is 64 hex digits: it names a file in the store, so an upstream's
    /// page must not be able to put a path there.
    /// </summary>
    private static string? Sha256OrNull(string? value) =>
        value is { Length: 64 } && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;

    [GeneratedRegex(@"<a\s(?<attrs>[^>]*)>(?<text>.*?)</a>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Anchor();

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s""'>]+))")]
    private static partial Regex Attribute();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}

/// <summary>A page as the store keeps it: the parsed files plus the validators to revalidate it with.</summary>
internal sealed record CachedPage
{
    public required ProjectPage Page { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public required DateTimeOffset FetchedAt { get; init; }

    /// <summary>The upstream root the page came from (its files' URLs are absolute, on that host).</summary>
    public string? Source { get; init; }

    /// <summary>
    /// The page with file URLs moved from the host it was fetched from to <paramref name="root"/>'s: a page kept
    /// under a namespace (a local index on a new port each run) must send downloads to where the index is now.
    /// </summary>
    public CachedPage RebasedOn(Uri root)
    {
        if (Source is null || Source == root.AbsoluteUri)
            return this;
        var from = new Uri(Source).GetLeftPart(UriPartial.Authority);
        var to = root.GetLeftPart(UriPartial.Authority);
        return this with
        {
            Source = root.AbsoluteUri,
            Page = Page with
            {
                Files = Page.Files.Select(f => f.Url.StartsWith(from + "/", StringComparison.Ordinal) ? f with { Url = to + f.Url[from.Length..] } : f).ToList(),
            },
        };
    }
}

[JsonSerializable(typeof(CachedPage))]
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ProxyJson : JsonSerializerContext;
