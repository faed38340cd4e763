using System.Text.RegularExpressions;
using Pipeline.BaseImages.Planning;
using Pipeline.Containers.Context;

namespace Pipeline.Stack.Mapping;

/// <summary>One local base image BaseImage makes: the <c>FROM</c> name the Dockerfiles use, the local tag it maps to, and where to pull it.</summary>
/// <param name="From">The image the Dockerfiles name, e.g. <c>python:3.11-slim</c>.</param>
/// <param name="Tag">The local image BuildParallel builds from instead, e.g. <c>localhost/pipeline/python:3.11-slim</c>.</param>
/// <param name="RegistryImage">The registry reference tried before bootstrapping, or <see langword="null"/> to bootstrap only.</param>
internal sealed partial record BaseImageRequest(string From, string Tag, string? RegistryImage)
{
    /// <summary>The value of <c>--base-image-registry</c> that turns pulling off.</summary>
    public const string NoRegistry = "none";

    /// <summary>
    /// The requests for the used <paramref name="froms"/> under <paramref name="map"/>. <paramref name="registry"/> is the
    /// registry host (e.g. <c>docker.io</c>, <c>mirror.corp:5000</c>) that short names are pulled from, as an engine resolves
    /// <c>FROM python:3.11-slim</c>; <see cref="NoRegistry"/>, null or empty means bootstrap only.
    /// </summary>
    public static IReadOnlyList<BaseImageRequest> For(IEnumerable<string> froms, IReadOnlyDictionary<string, string> map, string? registry) =>
        froms.Select(from => new BaseImageRequest(from, map[from], RegistryReference(from, registry))).ToList();

    /// <summary>
    /// Where <paramref name="from"/> is pulled from: a name that already names its registry (<c>quay.io/x</c>,
    /// <c>localhost:5000/x</c>) is pulled from there; a short name is qualified with <paramref name="registry"/>
    /// (<see cref="ImageReference.Qualified"/>: the one registry-host rule). Digests and names that are no reference are
    /// not pulled (the image is tagged locally).
    /// </summary>
    public static string? RegistryReference(string from, string? registry)
    {
        if (string.IsNullOrWhiteSpace(registry) || registry.Trim().Equals(NoRegistry, StringComparison.OrdinalIgnoreCase)) return null;
        if (!ImageReference.TryParse(from, out var reference) || !reference.CanBeTagged) return null;
        if (reference.Registry is not null) return from;
        var qualified = reference.Qualified(registry);
        // As written: an untagged name stays untagged (the engine pulls latest).
        return (reference.Tag is null ? qualified with { Tag = null } : qualified).ToString();
    }

    /// <summary>
    /// The Python the image is to hold: the version in the local tag (<c>localhost/pipeline/python:3.13-slim</c>), else
    /// in the <c>FROM</c> name; null when neither names one.
    /// </summary>
    public string? PythonVersion =>
        PromisedVersion().Match(Tag) is { Success: true } tag ? tag.Groups["v"].Value
        : PromisedVersion().Match(From) is { Success: true } from ? from.Groups["v"].Value
        : null;

    /// <summary>
    /// The Debian suite to bootstrap for <paramref name="suite"/> (<see cref="DebianPythonSuites.Auto"/>: the one that
    /// ships <see cref="PythonVersion"/>, bookworm when no version is named), and null with the reason when none does.
    /// </summary>
    public (string? Suite, string? Refusal) SuiteFor(string suite)
    {
        if (!suite.Equals(DebianPythonSuites.Auto, StringComparison.OrdinalIgnoreCase)) return (suite, null);
        if (PythonVersion is not { } version) return ("bookworm", null);
        if (DebianPythonSuites.ForPython(version) is { } shipped) return (shipped, null);
        return (null, $"{From}: no Debian suite ships Python {version} ({DebianPythonSuites.Describe()}), so it cannot be bootstrapped: " +
            $"use a registry that has it (--base-image-registry), or build it on a Python a suite ships with --base-image-map {From}=localhost/pipeline/python:3.13-slim");
    }

    /// <summary>
    /// A warning when the image made holds another Python than the <c>FROM</c> tag promises (a mapped
    /// <c>python:3.12-slim</c> built on 3.13), else <see langword="null"/>.
    /// </summary>
    public string? VersionMismatch(string pythonVersion)
    {
        var promised = PromisedVersion().Match(From);
        if (!promised.Success) return null;
        var wanted = promised.Groups["v"].Value;
        return pythonVersion == wanted || pythonVersion.StartsWith(wanted + ".", StringComparison.Ordinal)
            ? null
            : $"{Tag} holds Python {pythonVersion}, but the Dockerfiles ask for {From} (Python {wanted}): choose a Debian suite that ships it (--base-image-suite) or a registry that has the image";
    }

    // python:3.11-slim, python:3.11.9-bookworm, library/python:3.12 → the version the tag promises.
    [GeneratedRegex(@"(^|/)python:(?<v>\d+\.\d+(\.\d+)?)")]
    private static partial Regex PromisedVersion();
}
