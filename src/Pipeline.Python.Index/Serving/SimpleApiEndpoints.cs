using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Pipeline.Packaging;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// The HTTP routes: <c>/{index}/simple/</c>, <c>/{index}/simple/{project}/</c>, <c>/{index}/files/{file}</c>
/// (ranges, ETag, long cache lifetime) and, when enabled, <c>/{index}/files/{file}.metadata</c> (PEP 658).
/// </summary>
internal static class SimpleApiEndpoints
{
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    public static void Map(IEndpointRouteBuilder app, IReadOnlyDictionary<string, LiveIndex> indexes, PackageIndexOptions options)
    {
        app.MapMethods("/", GetAndHead, (HttpContext context) => Text(context, RootPage(indexes.Keys), "text/html; charset=utf-8", options.IndexPageMaxAge));

        app.MapMethods("/{index}/simple", GetAndHead, async (HttpContext context, string index) =>
        {
            if (!indexes.TryGetValue(index, out var live))
                return NotFound($"no index named '{index}' (have: {string.Join(", ", indexes.Keys)})");
            if (!context.Request.Path.Value!.EndsWith('/'))
                return Results.Redirect($"/{index}/simple/{context.Request.QueryString}", permanent: true);
            if (SimpleFormatNegotiator.Choose(context.Request.Headers.Accept, context.Request.Query["format"]) is not { } chosen)
                return NotAcceptable(context);
            var snapshot = await live.CurrentAsync(context.RequestAborted).ConfigureAwait(false);
            return Text(context, SimpleApiRenderer.RenderRoot(snapshot, chosen.Format), chosen.ContentType, options.IndexPageMaxAge);
        });

        app.MapMethods("/{index}/simple/{project}", GetAndHead, async (HttpContext context, string index, string project) =>
        {
            if (!indexes.TryGetValue(index, out var live))
                return NotFound($"no index named '{index}' (have: {string.Join(", ", indexes.Keys)})");
            var normalized = ProjectName.IsValid(project) ? ProjectName.Normalize(project) : null;
            if (normalized is null)
                return NotFound($"'{project}' is not a project name");
            if (normalized != project || !context.Request.Path.Value!.EndsWith('/'))
                return Results.Redirect($"/{index}/simple/{normalized}/{context.Request.QueryString}", permanent: true);
            if (SimpleFormatNegotiator.Choose(context.Request.Headers.Accept, context.Request.Query["format"]) is not { } chosen)
                return NotAcceptable(context);
            var snapshot = await live.CurrentAsync(context.RequestAborted).ConfigureAwait(false);
            if (!snapshot.Projects.TryGetValue(normalized, out var served))
                return NotFound($"no project '{normalized}' on index '{index}'");
            return Text(context, SimpleApiRenderer.RenderProject(served, chosen.Format, options.ServeCoreMetadata), chosen.ContentType, options.IndexPageMaxAge);
        });

        app.MapMethods("/{index}/files/{file}", GetAndHead, async (HttpContext context, string index, string file) =>
        {
            if (!indexes.TryGetValue(index, out var live))
                return NotFound($"no index named '{index}'");
            var snapshot = await live.CurrentAsync(context.RequestAborted).ConfigureAwait(false);
            if (options.ServeCoreMetadata && file.EndsWith(".metadata", StringComparison.Ordinal)
                && snapshot.FindFile(file[..^".metadata".Length]) is { CoreMetadata: { } metadata } owner)
            {
                SetCacheControl(context, options.FileMaxAge, immutable: true);
                return Results.Bytes(metadata, "text/plain; charset=utf-8", entityTag: new EntityTagHeaderValue($"\"{owner.CoreMetadataSha256}\""));
            }
            if (snapshot.FindFile(file) is not { } served)
                return NotFound($"no file '{file}' on index '{index}'");
            SetCacheControl(context, options.FileMaxAge, immutable: true);
            return Results.File(served.FullPath, "application/octet-stream", lastModified: served.LastModified,
                entityTag: new EntityTagHeaderValue($"\"{served.Sha256}\""), enableRangeProcessing: true);
        });
    }

    /// <summary>A page with a content ETag; answers 304 when the client already has it (pip revalidates pages).</summary>
    private static IResult Text(HttpContext context, string body, string contentType, TimeSpan maxAge)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"";
        SetCacheControl(context, maxAge, immutable: false);
        context.Response.Headers.Vary = "Accept";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(s => s.Trim()).Contains(etag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, contentType);
    }

    /// <summary>406: the answer depends on Accept, so caches must not reuse it for another Accept (Vary).</summary>
    private static IResult NotAcceptable(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept";
        return Results.StatusCode(StatusCodes.Status406NotAcceptable);
    }

    private static void SetCacheControl(HttpContext context, TimeSpan maxAge, bool immutable) =>
        context.Response.Headers.CacheControl = $"public, max-age={(long)maxAge.TotalSeconds}{(immutable ? ", immutable" : "")}";

    private static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static string RootPage(IEnumerable<string> indexes)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html>\n  <head><title>Pipeline package index</title></head>\n  <body>\n");
        foreach (var name in indexes)
            html.Append($"    <a href=\"{name}/simple/\">{name}</a><br/>\n");
        return html.Append("  </body>\n</html>\n").ToString();
    }
}
