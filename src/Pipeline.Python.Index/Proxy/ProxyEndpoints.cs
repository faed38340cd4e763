using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Pipeline.Packaging;
using Pipeline.Python.Index.Serving;
using Polly.Timeout;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// The proxy's routes: <c>/{view}/simple/</c> and <c>/{view}/simple/{project}/</c> for the views main, cpu and
/// routed; <c>/{upstream}/files/{project}/{file}</c> and its <c>.metadata</c>.
/// </summary>
internal static class ProxyEndpoints
{
    private static readonly string[] GetAndHead = ["GET", "HEAD"];
    private static readonly string[] Views = [PackageProxy.MainView, PackageProxy.CpuView, PackageProxy.RoutedView];

    public static void Map(IEndpointRouteBuilder app, ProxyCore core)
    {
        app.MapMethods("/", GetAndHead, () => Results.Text(
            ProxyPageRenderer.RenderRoot("Pipeline package proxy", Views.Where(v => v != PackageProxy.CpuView || core.Cpu is not null).Select(v => $"{v}/simple"), SimpleFormat.Html),
            "text/html; charset=utf-8"));

        app.MapMethods("/{view}/simple", GetAndHead, (HttpContext context, string view) => Guard(core, context, async () =>
        {
            if (!IsView(core, view))
                return NotFound($"no view '{view}' (have: {string.Join(", ", Views)})");
            if (!context.Request.Path.Value!.EndsWith('/'))
                return Results.Redirect($"/{view}/simple/{context.Request.QueryString}", permanent: true);
            if (SimpleFormatNegotiator.Choose(context.Request.Headers.Accept, context.Request.Query["format"]) is not { } chosen)
                return Results.StatusCode(StatusCodes.Status406NotAcceptable);
            var names = new List<string>();
            if (view != PackageProxy.CpuView)
                names.AddRange((await core.Pages.ProjectsAsync(core.Main, context.RequestAborted)).Where(p => view == PackageProxy.MainView || !core.CpuProjects.Contains(p)));
            if (view != PackageProxy.MainView && core.Cpu is { } cpu)
                names.AddRange((await core.Pages.ProjectsAsync(cpu, context.RequestAborted)).Where(p => view == PackageProxy.CpuView || core.CpuProjects.Contains(p)));
            return Page(context, ProxyPageRenderer.RenderRoot($"Simple index: {view}", names, chosen.Format), chosen.ContentType);
        }));

        app.MapMethods("/{view}/simple/{project}", GetAndHead, (HttpContext context, string view, string project) => Guard(core, context, async () =>
        {
            if (!IsView(core, view))
                return NotFound($"no view '{view}' (have: {string.Join(", ", Views)})");
            if (!ProjectName.IsValid(project))
                return NotFound($"'{project}' is not a project name");
            var normalized = ProjectName.Normalize(project);
            if (normalized != project || !context.Request.Path.Value!.EndsWith('/'))
                return Results.Redirect($"/{view}/simple/{normalized}/{context.Request.QueryString}", permanent: true);
            if (SimpleFormatNegotiator.Choose(context.Request.Headers.Accept, context.Request.Query["format"]) is not { } chosen)
                return Results.StatusCode(StatusCodes.Status406NotAcceptable);
            var upstream = core.Route(view, normalized)!;
            var page = await core.Pages.GetAsync(upstream, normalized, context.RequestAborted);
            return Page(context, ProxyPageRenderer.RenderProject(page, upstream.Name, chosen.Format), chosen.ContentType);
        }));

        app.MapMethods("/{view}/files/{project}/{file}", GetAndHead, (HttpContext context, string view, string project, string file) => Guard(core, context, async () =>
        {
            if (core.UpstreamOf(view) is not { } upstream)
                return NotFound($"no upstream '{view}'");
            if (!ProjectName.IsValid(project))
                return NotFound($"'{project}' is not a project name");
            project = ProjectName.Normalize(project);
            var isMetadata = file.EndsWith(".metadata", StringComparison.Ordinal);
            var fileName = isMetadata ? file[..^".metadata".Length] : file;
            var listed = await core.Pages.FindFileAsync(upstream, project, fileName, context.RequestAborted);
            if (listed is null)
                return NotFound($"{upstream.Root} lists no file '{fileName}' for '{project}'");
            if (isMetadata)
            {
                var metadata = await core.Metadata.GetAsync(listed, context.RequestAborted);
                Interlocked.Increment(ref core.Counters.MetadataServed);
                return Results.Bytes(metadata, "text/plain; charset=utf-8",
                    entityTag: new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(metadata))}\""));
            }
            return await FileAsync(core, context, listed);
        }));
    }

    private static bool IsView(ProxyCore core, string view) => view == PackageProxy.RoutedView || core.UpstreamOf(view) is not null;

    private static async Task<IResult> FileAsync(ProxyCore core, HttpContext context, UpstreamFile file)
    {
        var key = FileStore.KeyOf(file);
        var etag = new EntityTagHeaderValue($"\"{key}\"");
        if (core.Store.Has(key))
        {
            Interlocked.Increment(ref core.Counters.FileHits);
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(core.Store.FilePath(key), "application/octet-stream", entityTag: etag, enableRangeProcessing: true);
        }
        if (core.Options.Offline)
            throw new OfflineMissException($"offline: {file.FileName} (sha256 {file.Sha256 ?? "unknown"}) is not in the package cache {core.Store.Root}");
        Interlocked.Increment(ref core.Counters.FileMisses);
        var download = core.Fetcher.GetOrStart(file);
        await StreamAsync(context, download, etag);
        return Results.Empty;
    }

    /// <summary>
    /// Streams a download to one client as its bytes arrive. The last byte is held back until the whole file is
    /// verified: if the sha256 turns out wrong the connection is aborted, so the client sees a broken transfer,
    /// never a complete wrong file.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, Download download, EntityTagHeaderValue etag)
    {
        var ct = context.RequestAborted;
        var view = download.Snapshot();
        while (view.State == DownloadState.Running && view.Length is null && view.Available == 0)
        {
            await view.Changed.WaitAsync(ct);
            view = download.Snapshot();
        }
        if (view.State == DownloadState.Failed)
            throw view.Error!;

        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = view.Length;
        response.Headers.ETag = etag.ToString();
        if (HttpMethods.IsHead(context.Request.Method))
            return;

        FileStream? input = null;
        try
        {
            long sent = 0;
            var buffer = new byte[64 * 1024];
            while (true)
            {
                view = download.Snapshot();
                if (view.State == DownloadState.Failed)
                {
                    context.Abort();
                    return;
                }
                var limit = view.State == DownloadState.Completed ? view.Available : view.Available - 1;
                if (sent < limit)
                {
                    if (input is null)
                    {
                        try
                        {
                            input = new FileStream(view.Path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                        }
                        catch (FileNotFoundException)
                        {
                            // Renamed into the store (or deleted on failure) since the snapshot: look again.
                            await Task.Yield();
                            continue;
                        }
                    }
                    input.Position = sent;
                    while (sent < limit)
                    {
                        var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - sent)), ct);
                        if (read == 0)
                            break;
                        await response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                        sent += read;
                    }
                    continue;
                }
                if (view.State == DownloadState.Completed)
                    return;
                await view.Changed.WaitAsync(ct);
            }
        }
        finally
        {
            if (input is not null)
                await input.DisposeAsync();
        }
    }

    /// <summary>A page with a content ETag, answering 304 to a matching If-None-Match (pip revalidates pages).</summary>
    private static IResult Page(HttpContext context, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"";
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.Headers.Vary = "Accept";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(s => s.Trim()).Contains(etag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, contentType);
    }

    /// <summary>Turns the proxy's failures into one-line answers: offline miss 504, not found 404, upstream trouble 502.</summary>
    private static async Task<IResult> Guard(ProxyCore core, HttpContext context, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (OfflineMissException e)
        {
            core.Log.Error("{Error}", e.Message);
            return Error(StatusCodes.Status504GatewayTimeout, e.Message);
        }
        catch (UpstreamNotFoundException e)
        {
            return NotFound(e.Message);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted
            && e is UpstreamFailedException or UpstreamTransientException or HashMismatchException or StallException
                or HttpRequestException or IOException or TimeoutRejectedException)
        {
            core.Log.Error("{Path}: {Error}", context.Request.Path.Value, e.Message);
            return Error(StatusCodes.Status502BadGateway, e is TimeoutRejectedException ? $"upstream deadline exceeded ({core.Options.Deadline.TotalSeconds:0} s)" : e.Message);
        }
    }

    private static IResult Error(int status, string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: status);

    private static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);
}
