namespace Pipeline.Python.Wheels;

/// <summary>
/// A wheel file name split per PEP 427:
/// <c>{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>; each tag part may be a dotted set
/// (<c>py2.py3</c>, <c>manylinux_2_17_x86_64.manylinux2014_x86_64</c>).
/// </summary>
public sealed record WheelFilename(string Name, string Version, string? Build, IReadOnlyList<string> PythonTags, IReadOnlyList<string> AbiTags, IReadOnlyList<string> PlatformTags)
{
    /// <summary>Every (python, abi, platform) triple the file is compatible with, as <c>py-abi-plat</c>.</summary>
    public IEnumerable<string> Tags =>
        from p in PythonTags from a in AbiTags from pl in PlatformTags select $"{p}-{a}-{pl}";

    /// <summary>
    /// Parses the last path segment of <paramref name="fileNameOrUrl"/> (URL-decoded, so <c>%2B</c> becomes
    /// <c>+</c>); null when it is not a wheel name.
    /// </summary>
    public static WheelFilename? TryParse(string fileNameOrUrl)
    {
        var name = fileNameOrUrl;
        var cut = name.IndexOfAny(['#', '?']);
        if (cut >= 0)
            name = name[..cut];
        name = Uri.UnescapeDataString(name[(name.LastIndexOf('/') + 1)..]);
        if (!name.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
            return null;
        var parts = name[..^4].Split('-');
        if (parts.Length is not (5 or 6))
            return null;
        var build = parts.Length == 6 ? parts[2] : null;
        return new WheelFilename(parts[0], parts[1], build,
            parts[^3].Split('.'), parts[^2].Split('.'), parts[^1].Split('.'));
    }
}
