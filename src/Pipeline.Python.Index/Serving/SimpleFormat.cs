using System.Globalization;

namespace Pipeline.Python.Index.Serving;

/// <summary>The two serialisations of the simple API.</summary>
public enum SimpleFormat
{
    /// <summary>PEP 503 HTML (<c>application/vnd.pypi.simple.v1+html</c> or <c>text/html</c>).</summary>
    Html,

    /// <summary>PEP 691 JSON (<c>application/vnd.pypi.simple.v1+json</c>).</summary>
    Json,
}

/// <summary>
/// PEP 691 content negotiation: picks HTML or JSON from the <c>Accept</c> header (honouring q-values) or
/// the <c>?format=</c> query parameter; null means nothing acceptable (HTTP 406).
/// </summary>
internal static class SimpleFormatNegotiator
{
    /// <summary>Media type of PEP 691 JSON.</summary>
    public const string JsonMediaType = "application/vnd.pypi.simple.v1+json";

    /// <summary>Media type of versioned HTML.</summary>
    public const string HtmlMediaType = "application/vnd.pypi.simple.v1+html";

    /// <summary>Chooses a format; a missing or empty Accept header means HTML (what old clients expect).</summary>
    public static (SimpleFormat Format, string ContentType)? Choose(string? accept, string? formatQuery)
    {
        if (!string.IsNullOrEmpty(formatQuery))
            accept = formatQuery;
        if (string.IsNullOrWhiteSpace(accept))
            return (SimpleFormat.Html, "text/html; charset=utf-8");

        (SimpleFormat, string)? best = null;
        var bestQ = 0.0;
        foreach (var part in accept.Split(','))
        {
            var pieces = part.Split(';');
            var type = pieces[0].Trim().ToLowerInvariant();
            var q = 1.0;
            foreach (var parameter in pieces.Skip(1))
            {
                var kv = parameter.Split('=', 2);
                if (kv.Length == 2 && kv[0].Trim() == "q" && double.TryParse(kv[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    q = parsed;
            }
            (SimpleFormat, string)? candidate = type switch
            {
                JsonMediaType or "application/vnd.pypi.simple.latest+json" => (SimpleFormat.Json, JsonMediaType),
                HtmlMediaType or "application/vnd.pypi.simple.latest+html" => (SimpleFormat.Html, HtmlMediaType),
                "text/html" or "text/*" or "*/*" => (SimpleFormat.Html, "text/html; charset=utf-8"),
                _ => null,
            };
            if (candidate is not null && q > bestQ)
            {
                best = candidate;
                bestQ = q;
            }
        }
        return best;
    }
}
