using System.Security.Cryptography;
using System.Text;

namespace Pipeline.BaseImages.Planning;

/// <summary>
/// The inputs that decide an image's content. Its hash is stored as a label on the image: an image
/// whose label matches is up to date, so changing the suite, mirror, packages or cleanup rebuilds.
/// </summary>
/// <param name="Kind"><c>bootstrap</c> or <c>registry</c>.</param>
/// <param name="Source">The Debian suite, or the registry image reference.</param>
/// <param name="Mirror">The Debian mirror (normalised), empty for registry images.</param>
/// <param name="Packages">Packages requested (sorted, de-duplicated), empty for registry images.</param>
internal sealed record BaseImageRecipe(string Kind, string Source, string Mirror, IReadOnlyList<string> Packages)
{
    /// <summary>The label that carries <see cref="Hash"/>.</summary>
    public const string LabelName = "io.pipeline.base-image.recipe";

    /// <summary>
    /// Bumped whenever the cleanup, image configuration or import procedure changes, so that images
    /// made by an older procedure are rebuilt.
    /// </summary>
    public const int ProcedureVersion = 1;

    /// <summary>The packages every bootstrapped Python base image gets.</summary>
    public static readonly IReadOnlyList<string> BasePackages = ["python3", "python3-pip", "python3-venv", "ca-certificates"];

    /// <summary>The recipe for bootstrapping <paramref name="suite"/> from <paramref name="mirror"/>.</summary>
    public static BaseImageRecipe ForBootstrap(string suite, string mirror, IEnumerable<string> extraPackages) =>
        new("bootstrap", suite, NormaliseMirror(mirror),
            BasePackages.Concat(extraPackages).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    /// <summary>The recipe for an image pulled from a registry.</summary>
    public static BaseImageRecipe ForRegistry(string image) => new("registry", image, "", []);

    /// <summary>The canonical text that is hashed: one <c>key=value</c> per line.</summary>
    public string CanonicalText =>
        $"kind={Kind}\nsource={Source}\nmirror={Mirror}\npackages={string.Join(',', Packages)}\nprocedure={ProcedureVersion}\n";

    /// <summary>The lowercase hex SHA-256 of <see cref="CanonicalText"/>.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText)));

    /// <summary>Mirror URLs that differ only by a trailing slash or case of scheme/host are the same mirror.</summary>
    public static string NormaliseMirror(string mirror)
    {
        var trimmed = mirror.Trim().TrimEnd('/');
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority.ToLowerInvariant()}{uri.AbsolutePath.TrimEnd('/')}"
            : trimmed;
    }
}
