namespace Pipeline.Python.Locks;

/// <summary>One requirement line of a requirements file, continuation lines joined.</summary>
/// <param name="Name">Distribution name as written.</param>
/// <param name="Extras">Extras in brackets, e.g. <c>standard</c> for <c>uvicorn[standard]</c>.</param>
/// <param name="Specifier">Version specifier text (e.g. <c>==2.5.1+cpu</c>, <c>&gt;=1,&lt;2</c>), empty when none.</param>
/// <param name="Url">Direct reference after <c>@</c>, if any.</param>
/// <param name="Marker">Environment marker after <c>;</c>, if any.</param>
/// <param name="Hashes">Values of <c>--hash=sha256:...</c> options (without the algorithm prefix).</param>
/// <param name="Line">1-based line where the requirement starts.</param>
/// <param name="SourceComment">Index named by a preceding <c># source: URL</c> comment (written by LockCpu).</param>
public sealed record RequirementLine(string Name, IReadOnlyList<string> Extras, string Specifier, string? Url, string? Marker,
    IReadOnlyList<string> Hashes, int Line, string? SourceComment)
{
    /// <summary>The pinned version when the specifier is exactly one <c>==</c> without wildcard, else null.</summary>
    public string? PinnedVersion =>
        Specifier.StartsWith("==", StringComparison.Ordinal) && !Specifier.StartsWith("===", StringComparison.Ordinal)
        && !Specifier.Contains(',', StringComparison.Ordinal) && !Specifier.EndsWith(".*", StringComparison.Ordinal)
            ? Specifier[2..].Trim()
            : null;
}

/// <summary>A parsed requirements file: requirement lines and the index options pip would use.</summary>
/// <param name="Path">The file the lines came from.</param>
/// <param name="Requirements">Requirement lines in file order.</param>
/// <param name="IndexUrl">Last <c>--index-url</c>/<c>-i</c>, if any.</param>
/// <param name="ExtraIndexUrls">Every <c>--extra-index-url</c>, in order.</param>
/// <param name="OtherOptions">Other option lines kept verbatim (e.g. <c>--trusted-host</c>, <c>-r</c>).</param>
public sealed record RequirementsFile(string Path, IReadOnlyList<RequirementLine> Requirements, string? IndexUrl,
    IReadOnlyList<string> ExtraIndexUrls, IReadOnlyList<string> OtherOptions)
{
    /// <summary>The <c>-r</c>/<c>--requirement</c> files this one includes, as written, with their lines (also kept in <see cref="OtherOptions"/>).</summary>
    public IReadOnlyList<RequirementsInclude> Includes { get; init; } = [];
}

/// <summary>A <c>-r FILE</c> line: pip reads <paramref name="Target"/> relative to the including file (or as a URL).</summary>
/// <param name="Target">The path or URL as written.</param>
/// <param name="Line">1-based line of the option.</param>
public sealed record RequirementsInclude(string Target, int Line);
