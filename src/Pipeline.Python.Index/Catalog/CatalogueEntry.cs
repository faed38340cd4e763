namespace Pipeline.Python.Index.Catalog;

/// <summary>
/// One stand-in distribution: the metadata pip resolves on (name, version, dependencies, Python range,
/// tag) and the size of the real wheel it imitates, so downloads weigh what the real ones do (scaled).
/// </summary>
public sealed record CatalogueEntry
{
    /// <summary>Distribution name as published (e.g. <c>nvidia-cudnn-cu12</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Public version without the local label (e.g. <c>2.5.1</c>).</summary>
    public required string Version { get; init; }

    /// <summary>Local version label (e.g. <c>cpu</c> for <c>2.5.1+cpu</c>), or null for a public build.</summary>
    public string? Local { get; init; }

    /// <summary>Names of the indexes that serve this wheel (e.g. <c>pypi</c>, <c>cpu</c>).</summary>
    public required IReadOnlyList<string> Indexes { get; init; }

    /// <summary>PEP 508 requirement strings written as <c>Requires-Dist</c> lines.</summary>
    public IReadOnlyList<string> RequiresDist { get; init; } = [];

    /// <summary>The <c>Requires-Python</c> specifier, or null when the package sets none.</summary>
    public string? RequiresPython { get; init; }

    /// <summary>Size in bytes of the real wheel for Linux x86-64 (before scaling).</summary>
    public required long Size { get; init; }

    /// <summary>Where <see cref="Size"/> comes from: a fixture lock file name, or <c>estimated</c>.</summary>
    public required string SizeSource { get; init; }

    /// <summary>Wheel compatibility tag; pure-Python packages use <c>py3-none-any</c>.</summary>
    public string Tag { get; init; } = "py3-none-any";

    /// <summary>Import path of the stand-in package, slash separated (e.g. <c>nvidia/cudnn</c>, <c>yaml</c>).</summary>
    public required string Module { get; init; }

    /// <summary>
    /// For torch-like packages: the CUDA version the build reports (<c>12.4</c>), or <c>cpu</c> for a CPU
    /// build; null for packages without a <c>torch.version</c>/<c>torch.cuda</c> API.
    /// </summary>
    public string? TorchCuda { get; init; }

    /// <summary>1-based line of the entry in its catalogue file, for error messages.</summary>
    public int Line { get; init; }

    /// <summary>The full version pip sees, with the local label (<c>2.5.1+cpu</c>).</summary>
    public string FullVersion => Local is null ? Version : $"{Version}+{Local}";

    /// <summary>True when the size was estimated rather than read from a real lock file.</summary>
    public bool SizeIsEstimated => string.Equals(SizeSource, "estimated", StringComparison.OrdinalIgnoreCase);
}
