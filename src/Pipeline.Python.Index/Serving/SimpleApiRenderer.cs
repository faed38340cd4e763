using System.Net;
using System.Text;
using System.Text.Json;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// Renders the simple repository API pages (PEP 503 HTML, PEP 691 JSON, version 1.1 of the API with sizes).
/// File URLs are relative (<c>../../files/…</c>) so the same pages work whatever host name or address a
/// client (a container, say) used to reach the server.
/// </summary>
internal static class SimpleApiRenderer
{
    /// <summary>The API version announced in both formats.</summary>
    public const string ApiVersion = "1.1";

    /// <summary>The project list of an index.</summary>
    public static string RenderRoot(ServedIndex index, SimpleFormat format)
    {
        if (format == SimpleFormat.Json)
        {
            return Json(w =>
            {
                WriteMeta(w);
                w.WriteStartArray("projects");
                foreach (var name in index.Projects.Keys)
                {
                    w.WriteStartObject();
                    w.WriteString("name", name);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }

        var html = HtmlHead($"Simple index: {index.Name}");
        foreach (var name in index.Projects.Keys)
            html.Append($"    <a href=\"{Uri.EscapeDataString(name)}/\">{WebUtility.HtmlEncode(name)}</a><br/>\n");
        return html.Append("  </body>\n</html>\n").ToString();
    }

    /// <summary>The file list of one project; <paramref name="coreMetadata"/> advertises PEP 658 files.</summary>
    public static string RenderProject(ServedProject project, SimpleFormat format, bool coreMetadata)
    {
        if (format == SimpleFormat.Json)
        {
            return Json(w =>
            {
                WriteMeta(w);
                w.WriteString("name", project.Name);
                w.WriteStartArray("versions");
                foreach (var version in project.Files.Select(f => f.Version).Distinct(StringComparer.Ordinal))
                    w.WriteStringValue(version);
                w.WriteEndArray();
                w.WriteStartArray("files");
                foreach (var file in project.Files)
                    WriteFile(w, file, coreMetadata);
                w.WriteEndArray();
            });
        }

        var html = HtmlHead($"Links for {project.Name}").Append($"    <h1>Links for {WebUtility.HtmlEncode(project.Name)}</h1>\n");
        foreach (var file in project.Files)
        {
            html.Append($"    <a href=\"{FileUrl(file)}#sha256={file.Sha256}\"");
            if (file.RequiresPython is not null)
                html.Append($" data-requires-python=\"{WebUtility.HtmlEncode(file.RequiresPython)}\"");
            if (coreMetadata && file.CoreMetadataSha256 is not null)
                html.Append($" data-dist-info-metadata=\"sha256={file.CoreMetadataSha256}\" data-core-metadata=\"sha256={file.CoreMetadataSha256}\"");
            html.Append($">{WebUtility.HtmlEncode(file.FileName)}</a><br/>\n");
        }
        return html.Append("  </body>\n</html>\n").ToString();
    }

    /// <summary>The relative URL of a file from a project page.</summary>
    public static string FileUrl(ServedFile file) => $"../../files/{Uri.EscapeDataString(file.FileName)}";

    private static void WriteFile(Utf8JsonWriter w, ServedFile file, bool coreMetadata)
    {
        w.WriteStartObject();
        w.WriteString("filename", file.FileName);
        w.WriteString("url", FileUrl(file));
        w.WriteStartObject("hashes");
        w.WriteString("sha256", file.Sha256);
        w.WriteEndObject();
        if (file.RequiresPython is not null)
            w.WriteString("requires-python", file.RequiresPython);
        w.WriteNumber("size", file.Size);
        if (coreMetadata && file.CoreMetadataSha256 is not null)
        {
            // Only PEP 714's name in JSON: pip 22.3-23.0 crashes on a non-string "dist-info-metadata" (see ProxyPageRenderer).
            foreach (var key in new[] { "core-metadata" })
            {
                w.WriteStartObject(key);
                w.WriteString("sha256", file.CoreMetadataSha256);
                w.WriteEndObject();
            }
        }
        w.WriteBoolean("yanked", false);
        w.WriteEndObject();
    }

    /// <summary>The <c>meta</c> object (PEP 691's API version) every JSON page starts with; the proxy's pages too.</summary>
    internal static void WriteMeta(Utf8JsonWriter w)
    {
        w.WriteStartObject("meta");
        w.WriteString("api-version", ApiVersion);
        w.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static StringBuilder HtmlHead(string title) => new StringBuilder()
        .Append("<!DOCTYPE html>\n<html>\n  <head>\n")
        .Append($"    <meta name=\"pypi:repository-version\" content=\"{ApiVersion}\">\n")
        .Append($"    <title>{WebUtility.HtmlEncode(title)}</title>\n  </head>\n  <body>\n");
}
