namespace Pipeline.Packaging;

/// <summary>
/// A wheel file name split per PEP 427: <c>{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>; each tag
/// part may be a dotted set (<c>py2.py3</c>, <c>manylinux_2_17_x86_64.manylinux2014_x86_64</c>).
/// </summary>
/// <param name="Distribution">The distribution field as written in the file name (underscores, not dashes).</param>
/// <param name="Version">The version, including any local label (<c>2.5.1+cpu</c>).</param>
/// <param name="Build">The optional build number, or null.</param>
/// <param name="Tag">The compressed tag triple as written, e.g. <c>py2.py3-none-any</c>.</param>
public sealed record WheelFileName(string Distribution, string Version, string? Build, string Tag)
{
    /// <summary>The PEP 503 project name the wheel belongs to.</summary>
    public string Project => ProjectName.Normalize(Distribution);

    /// <summary>The file name for these fields.</summary>
    public string FileName => Build is null ? $"{Distribution}-{Version}-{Tag}.whl" : $"{Distribution}-{Version}-{Build}-{Tag}.whl";

    /// <summary>The python tags (<c>py2</c>, <c>py3</c>, <c>cp311</c>).</summary>
    public IReadOnlyList<string> PythonTags => TagPart(0);

    /// <summary>The ABI tags (<c>none</c>, <c>abi3</c>, <c>cp311</c>).</summary>
    public IReadOnlyList<string> AbiTags => TagPart(1);

    /// <summary>The platform tags (<c>any</c>, <c>linux_x86_64</c>, <c>manylinux_2_17_x86_64</c>).</summary>
    public IReadOnlyList<string> PlatformTags => TagPart(2);

    /// <summary>Every (python, abi, platform) triple the file is compatible with, as <c>py-abi-plat</c>.</summary>
    public IEnumerable<string> Tags =>
        from p in PythonTags from a in AbiTags from pl in PlatformTags select $"{p}-{a}-{pl}";

    /// <summary>Builds the file name of a distribution, normalising the name the way wheel tools do.</summary>
    public static WheelFileName For(string name, string version, string tag) =>
        new(ProjectName.ToWheelComponent(name), version, null, tag);

    /// <summary>Parses a file name; null when it is not a wheel name (so other files are passed over).</summary>
    public static WheelFileName? TryParse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!fileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
            return null;
        var parts = fileName[..^4].Split('-');
        // 5 fields, or 6 with an optional build number after the version.
        if (parts.Length is not (5 or 6) || parts.Any(p => p.Length == 0))
            return null;
        return new WheelFileName(parts[0], parts[1], parts.Length == 6 ? parts[2] : null, string.Join('-', parts[^3..]));
    }

    /// <summary>
    /// Parses the last path segment of a URL or path (query and fragment dropped, percent-decoded so <c>%2B</c>
    /// becomes <c>+</c>); null when it is not a wheel name.
    /// </summary>
    public static WheelFileName? TryParseUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var cut = url.IndexOfAny(['#', '?']);
        var path = cut >= 0 ? url[..cut] : url;
        return TryParse(Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]));
    }

    private IReadOnlyList<string> TagPart(int index) => Tag.Split('-')[index].Split('.');
}
