using System.Net.Http.Headers;
using System.Text.Json;

namespace Pipeline.Python.Index.Tests.Support;

/// <summary>
/// Reads a project's PEP 691 JSON page from a running index and turns it into a hash-pinned requirement
/// line (<c>name==version --hash=sha256:…</c>), as a user who trusts the index would write req.txt.
/// </summary>
public static class SimpleJsonPins
{
    public const string MediaType = "application/vnd.pypi.simple.v1+json";

    /// <summary>The pin for <paramref name="project"/>; its page must list exactly one version and one wheel.</summary>
    public static async Task<string> PinAsync(HttpClient http, Uri indexUrl, string project, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(indexUrl, $"{project}/"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var version = json.RootElement.GetProperty("versions").EnumerateArray().Single().GetString();
        var sha256 = json.RootElement.GetProperty("files").EnumerateArray().Single()
            .GetProperty("hashes").GetProperty("sha256").GetString();
        return $"{project}=={version} --hash=sha256:{sha256}";
    }
}
