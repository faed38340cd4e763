using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Pipeline.IO;
using Polly;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// Project pages from the upstreams, kept in memory and in the store. A page younger than
/// <see cref="PackageProxyOptions.PageMaxAge"/> is used as is; an older one is revalidated with its ETag /
/// Last-Modified (a 304 costs a few bytes); when the upstream fails, a stale page beats no page. Offline, only
/// the stored pages exist. Concurrent requests for one page share one upstream request.
/// </summary>
internal sealed class PageCache(HttpClient http, FileStore store, ProxyCounters counters, PackageProxyOptions options,
    ResiliencePipeline pipeline, TimeProvider time, Serilog.ILogger log)
{
    private const string Accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";

    private readonly ConcurrentDictionary<string, CachedPage> _memory = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedPage>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Names, DateTimeOffset At)> _roots = new(StringComparer.Ordinal);

    public async Task<ProjectPage> GetAsync(Upstream upstream, string project, CancellationToken ct)
    {
        var key = $"{upstream.Name}/{project}";
        var cached = _memory.TryGetValue(key, out var inMemory) ? inMemory : await LoadAsync(upstream, project, ct).ConfigureAwait(false);
        if (cached is not null && (options.Offline || time.GetUtcNow() - cached.FetchedAt < options.PageMaxAge))
            return cached.Page;
        if (options.Offline)
            throw new OfflineMissException($"offline: no cached page for '{project}' from {upstream.Root} in {store.Root}");

        var flight = _inFlight.GetOrAdd(key, _ => new Lazy<Task<CachedPage>>(() => RefreshAsync(upstream, project, cached)));
        try
        {
            return (await flight.Value.WaitAsync(ct).ConfigureAwait(false)).Page;
        }
        finally
        {
            if (flight.Value.IsCompleted)
                _inFlight.TryRemove(KeyValuePair.Create(key, flight));
        }
    }

    /// <summary>File lookup for a file URL: the page (cached or fetched) that lists it.</summary>
    public async Task<UpstreamFile?> FindFileAsync(Upstream upstream, string project, string fileName, CancellationToken ct)
    {
        var page = await GetAsync(upstream, project, ct).ConfigureAwait(false);
        return page.Files.FirstOrDefault(f => f.FileName == fileName);
    }

    private async Task<CachedPage> RefreshAsync(Upstream upstream, string project, CachedPage? cached)
    {
        var key = $"{upstream.Name}/{project}";
        try
        {
            var fresh = await pipeline.ExecuteAsync(token => FetchAsync(upstream, project, cached, token), CancellationToken.None).ConfigureAwait(false);
            _memory[key] = fresh;
            await AtomicFile.WriteAllTextAsync(store.PagePath(upstream, project), JsonSerializer.Serialize(fresh, ProxyJson.Default.CachedPage), CancellationToken.None).ConfigureAwait(false);
            return fresh;
        }
        catch (Exception e) when (cached is not null && e is not UpstreamNotFoundException)
        {
            log.Warning("Page {Project} from {Upstream}: {Error}; serving the copy from {FetchedAt:u}", project, upstream.Root, e.Message, cached.FetchedAt);
            return cached;
        }
    }

    private async ValueTask<CachedPage> FetchAsync(Upstream upstream, string project, CachedPage? cached, CancellationToken ct)
    {
        var url = upstream.PageUrl(project);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        if (cached?.ETag is { } etag)
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (cached?.LastModified is { } modified)
            request.Headers.IfModifiedSince = modified;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            Interlocked.Increment(ref counters.PagesRevalidated);
            return cached with { FetchedAt = time.GetUtcNow() };
        }
        if (status is 404 or 410)
            throw new UpstreamNotFoundException($"no project '{project}' on {upstream.Root}");
        if (status >= 500 || status is 429 or 408)
            throw new UpstreamTransientException($"{url} answered {status}");
        if (!response.IsSuccessStatusCode)
            throw new UpstreamFailedException($"{url} answered {status}");
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        Interlocked.Add(ref counters.UpstreamBytes, response.Content.Headers.ContentLength ?? System.Text.Encoding.UTF8.GetByteCount(body));
        Interlocked.Increment(ref counters.PagesFetched);
        var page = PageParser.Parse(project, body, response.Content.Headers.ContentType?.MediaType, response.RequestMessage?.RequestUri ?? url);
        return new CachedPage
        {
            Page = page,
            ETag = response.Headers.ETag?.ToString(),
            LastModified = response.Content.Headers.LastModified,
            FetchedAt = time.GetUtcNow(),
            Source = upstream.Root.AbsoluteUri,
        };
    }

    private async Task<CachedPage?> LoadAsync(Upstream upstream, string project, CancellationToken ct)
    {
        var path = store.PagePath(upstream, project);
        if (!File.Exists(path))
            return null;
        try
        {
            await using var stream = File.OpenRead(path);
            var page = (await JsonSerializer.DeserializeAsync(stream, ProxyJson.Default.CachedPage, ct).ConfigureAwait(false))?.RebasedOn(upstream.Root);
            if (page is not null)
                _memory.TryAdd($"{upstream.Name}/{project}", page);
            return page;
        }
        catch (JsonException e)
        {
            log.Warning("Ignoring the unreadable cached page {Path}: {Error}", path, e.Message);
            return null;
        }
    }

    /// <summary>The project names an upstream lists (offline: the projects with a stored page).</summary>
    public async Task<IReadOnlyList<string>> ProjectsAsync(Upstream upstream, CancellationToken ct)
    {
        if (options.Offline)
        {
            var folder = store.PageFolder(upstream);
            return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Select(p => Path.GetFileNameWithoutExtension(p)!).ToList() : [];
        }
        if (_roots.TryGetValue(upstream.Name, out var root) && time.GetUtcNow() - root.At < options.PageMaxAge)
            return root.Names;
        var names = await pipeline.ExecuteAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, upstream.Root);
            request.Headers.TryAddWithoutValidation("Accept", Accept);
            using var response = await http.SendAsync(request, token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
                throw new UpstreamTransientException($"{upstream.Root} answered {(int)response.StatusCode}");
            if (!response.IsSuccessStatusCode)
                throw new UpstreamFailedException($"{upstream.Root} answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            Interlocked.Add(ref counters.UpstreamBytes, body.Length);
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
            }
            return PageParser.Parse("", body, "text/html", upstream.Root).Files.Select(f => f.FileName).ToList();
        }, ct).ConfigureAwait(false);
        var normalized = names.Where(Pipeline.Packaging.ProjectName.IsValid).Select(Pipeline.Packaging.ProjectName.Normalize).ToList();
        _roots[upstream.Name] = (normalized, time.GetUtcNow());
        return normalized;
    }
}
