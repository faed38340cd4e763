namespace Pipeline.Python.Index.Naming;

/// <summary>
/// The fields of a wheel file name (<c>{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>, PEP 427),
/// parsed so the index can group files by project without opening them.
/// </summary>
/// <param name="Distribution">The distribution field as written in the file name (underscores, not dashes).</param>
/// <param name="Version">The version, including any local label (<c>2.5.1+cpu</c>).</param>
/// <param name="Tag">The compatibility tag triple, e.g. <c>py3-none-any</c>.</param>
public sealed record WheelFileName(string Distribution, string Version, string Tag)
{
    /// <summary>The PEP 503 project name the wheel belongs to.</summary>
    public string Project => ProjectName.Normalize(Distribution);

    /// <summary>The file name pip expects for these fields.</summary>
    public string FileName => $"{Distribution}-{Version}-{Tag}.whl";

    /// <summary>Builds the file name for a distribution, normalising the name the way wheel tools do.</summary>
    public static WheelFileName For(string name, string version, string tag) =>
        new(ProjectName.ToWheelComponent(name), version, tag);

    /// <summary>Parses a file name; returns null when it is not a wheel name (so other files are ignored).</summary>
    public static WheelFileName? TryParse(string fileName)
    {
        if (!fileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
            return null;
        var parts = fileName[..^4].Split('-');
        // 5 fields, or 6 with an optional build number after the version.
        if (parts.Length is not (5 or 6) || parts.Any(p => p.Length == 0))
            return null;
        var tag = string.Join('-', parts[^3..]);
        return new WheelFileName(parts[0], parts[1], tag);
    }
}
