using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Packaging;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// Renders an upstream's project page as the proxy serves it: links point at the proxy (relative, so any host
/// name works), sha256 fragments, requires-python and yanked are kept, and every wheel advertises PEP 658
/// metadata under both attribute names (PEP 714 <c>core-metadata</c> and the older <c>dist-info-metadata</c>),
/// because the proxy serves it for every wheel whether the upstream does or not.
/// </summary>
internal static class ProxyPageRenderer
{
    public static string RenderProject(ProjectPage page, string upstream, SimpleFormat format)
    {
        string Link(UpstreamFile f) => $"../../../{upstream}/files/{page.Name}/{Uri.EscapeDataString(f.FileName)}";
        string MetadataValue(UpstreamFile f) => f.MetadataSha256 is { } sha ? $"sha256={sha}" : "true";

        if (format == SimpleFormat.Json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                SimpleApiRenderer.WriteMeta(w);
                w.WriteString("name", page.Name);
                w.WriteStartArray("versions");
                foreach (var version in page.Files.Select(f => WheelFileName.TryParse(f.FileName)?.Version).OfType<string>().Distinct(StringComparer.Ordinal))
                    w.WriteStringValue(version);
                w.WriteEndArray();
                w.WriteStartArray("files");
                foreach (var f in page.Files)
                {
                    w.WriteStartObject();
                    w.WriteString("filename", f.FileName);
                    w.WriteString("url", Link(f));
                    w.WriteStartObject("hashes");
                    if (f.Sha256 is not null)
                        w.WriteString("sha256", f.Sha256);
                    w.WriteEndObject();
                    if (f.RequiresPython is not null)
                        w.WriteString("requires-python", f.RequiresPython);
                    if (f.Size is { } size)
                        w.WriteNumber("size", size);
                    if (f.UploadTime is not null)
                        w.WriteString("upload-time", f.UploadTime);
                    if (f.IsWheel)
                    {
                        // JSON carries only PEP 714's name: pip 22.3-23.0 (Debian bookworm's 23.0.1 among them) reads
                        // "dist-info-metadata" as a string and crashes on the bool or object PEP 691 puts there.
                        foreach (var key in new[] { "core-metadata" })
                        {
                            if (f.MetadataSha256 is { } sha)
                            {
                                w.WriteStartObject(key);
                                w.WriteString("sha256", sha);
                                w.WriteEndObject();
                            }
                            else
                            {
                                w.WriteBoolean(key, true);
                            }
                        }
                    }
                    if (f.Yanked is null)
                        w.WriteBoolean("yanked", false);
                    else if (f.Yanked.Length == 0)
                        w.WriteBoolean("yanked", true);
                    else
                        w.WriteString("yanked", f.Yanked);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        var html = new StringBuilder("<!DOCTYPE html>\n<html>\n  <head>\n")
            .Append($"    <meta name=\"pypi:repository-version\" content=\"{SimpleApiRenderer.ApiVersion}\">\n")
            .Append($"    <title>Links for {WebUtility.HtmlEncode(page.Name)}</title>\n  </head>\n  <body>\n")
            .Append($"    <h1>Links for {WebUtility.HtmlEncode(page.Name)}</h1>\n");
        foreach (var f in page.Files)
        {
            html.Append("    <a href=\"").Append(WebUtility.HtmlEncode(Link(f)));
            if (f.Sha256 is not null)
                html.Append("#sha256=").Append(f.Sha256);
            html.Append('"');
            if (f.RequiresPython is not null)
                html.Append($" data-requires-python=\"{WebUtility.HtmlEncode(f.RequiresPython)}\"");
            if (f.Yanked is not null)
                html.Append($" data-yanked=\"{WebUtility.HtmlEncode(f.Yanked)}\"");
            if (f.IsWheel)
                html.Append($" data-dist-info-metadata=\"{MetadataValue(f)}\" data-core-metadata=\"{MetadataValue(f)}\"");
            html.Append($">{WebUtility.HtmlEncode(f.FileName)}</a><br/>\n");
        }
        return html.Append("  </body>\n</html>\n").ToString();
    }

    public static string RenderRoot(string title, IEnumerable<string> projects, SimpleFormat format)
    {
        var names = projects.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (format == SimpleFormat.Json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                SimpleApiRenderer.WriteMeta(w);
                w.WriteStartArray("projects");
                foreach (var name in names)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        var html = new StringBuilder($"<!DOCTYPE html>\n<html>\n  <head><title>{WebUtility.HtmlEncode(title)}</title></head>\n  <body>\n");
        foreach (var name in names)
            html.Append($"    <a href=\"{Uri.EscapeDataString(name)}/\">{WebUtility.HtmlEncode(name)}</a><br/>\n");
        return html.Append("  </body>\n</html>\n").ToString();
    }
}
