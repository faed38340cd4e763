namespace Pipeline.Packaging;

/// <summary>How <see cref="RequirementsParser"/> treats lines it cannot read.</summary>
public enum RequirementsMode
{
    /// <summary>A line that is not a requirement or an option is an error naming <c>file:line</c> (locks, audits).</summary>
    Strict,

    /// <summary>
    /// Such lines (paths, editables, unknown per-requirement options) are kept verbatim in
    /// <see cref="RequirementsFile.Unparsed"/> and never fail: for rewriting files that pip reads, not this tool.
    /// </summary>
    Lenient,
}

/// <summary>One requirement line of a requirements file, continuation lines joined.</summary>
/// <param name="Name">Distribution name as written.</param>
/// <param name="Extras">Extras in brackets, e.g. <c>standard</c> for <c>uvicorn[standard]</c>.</param>
/// <param name="Specifier">Version specifier without spaces (e.g. <c>==2.5.1+cpu</c>, <c>&gt;=1,&lt;2</c>), empty when none.</param>
/// <param name="Url">Direct reference after <c>@</c>, if any.</param>
/// <param name="Marker">Environment marker after <c>;</c>, if any (not evaluated here).</param>
/// <param name="Hashes">Values of <c>--hash=sha256:...</c> options (without the algorithm prefix).</param>
/// <param name="Line">1-based line where the requirement starts; 0 for one that was not read from a file.</param>
/// <param name="SourceComment">Index named by a preceding <c># source: URL</c> comment (written by LockCpu).</param>
public sealed record RequirementLine(string Name, IReadOnlyList<string> Extras, string Specifier, string? Url, string? Marker,
    IReadOnlyList<string> Hashes, int Line, string? SourceComment)
{
    /// <summary>The PEP 503 normalised name.</summary>
    public string Project => ProjectName.Normalize(Name);

    /// <summary>Normalised name and specifier, for a command line (extras, markers and hashes dropped).</summary>
    public string Pin => Project + Specifier;

    /// <summary>The pinned version when the specifier is exactly one <c>==</c> without wildcard, else null.</summary>
    public string? PinnedVersion =>
        Specifier.StartsWith("==", StringComparison.Ordinal) && !Specifier.StartsWith("===", StringComparison.Ordinal)
        && !Specifier.Contains(',', StringComparison.Ordinal) && !Specifier.EndsWith(".*", StringComparison.Ordinal)
            ? Specifier[2..]
            : null;

    /// <summary>A requirement on <paramref name="name"/> with no specifier, not read from a file.</summary>
    public static RequirementLine Unpinned(string name) => new(name, [], "", null, null, [], 0, null);
}

/// <summary>An option line of a requirements file (<c>-r</c>, <c>-c</c>, <c>--extra-index-url</c> ...).</summary>
/// <param name="Name">The long option name (<c>-r</c> is <c>--requirement</c>, <c>-i</c> <c>--index-url</c> ...).</param>
/// <param name="Value">The option's value, or empty.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Text">The line as written (comment and surrounding white space removed).</param>
public sealed record RequirementOption(string Name, string Value, int Line, string Text);

/// <summary>A line the lenient mode kept without understanding it (a path, an editable, a URL without a name ...).</summary>
/// <param name="Text">The line as written (comment and surrounding white space removed).</param>
/// <param name="Line">1-based line number.</param>
public sealed record UnparsedLine(string Text, int Line);

/// <summary>A <c>-r FILE</c> line: pip reads <paramref name="Target"/> relative to the including file (or as a URL).</summary>
/// <param name="Target">The path or URL as written.</param>
/// <param name="Line">1-based line of the option.</param>
public sealed record RequirementsInclude(string Target, int Line);

/// <summary>A parsed requirements file: requirement lines, option lines, and (lenient mode) what was kept unread.</summary>
/// <param name="Path">The file the lines came from (or a label such as <c>command line</c>).</param>
/// <param name="Requirements">Requirement lines in file order.</param>
/// <param name="Options">Option lines in file order.</param>
public sealed record RequirementsFile(string Path, IReadOnlyList<RequirementLine> Requirements, IReadOnlyList<RequirementOption> Options)
{
    /// <summary>Lines the lenient mode kept without reading them; always empty in strict mode.</summary>
    public IReadOnlyList<UnparsedLine> Unparsed { get; init; } = [];

    /// <summary>Last <c>--index-url</c>/<c>-i</c>, if any.</summary>
    public string? IndexUrl => Options.LastOrDefault(o => o.Name == RequirementsParser.IndexUrl && o.Value.Length > 0)?.Value;

    /// <summary>Every <c>--extra-index-url</c>, in order.</summary>
    public IReadOnlyList<string> ExtraIndexUrls =>
        [.. Options.Where(o => o.Name == RequirementsParser.ExtraIndexUrl && o.Value.Length > 0).Select(o => o.Value)];

    /// <summary>Option lines other than the two index options, verbatim (e.g. <c>--trusted-host x</c>, <c>-r base.txt</c>).</summary>
    public IReadOnlyList<string> OtherOptions =>
        [.. Options.Where(o => o.Name is not (RequirementsParser.IndexUrl or RequirementsParser.ExtraIndexUrl)).Select(o => o.Text)];

    /// <summary>The <c>-r</c>/<c>--requirement</c> files this one includes, as written, with their lines.</summary>
    public IReadOnlyList<RequirementsInclude> Includes =>
        [.. Options.Where(o => o.Name == RequirementsParser.Requirement && o.Value.Length > 0).Select(o => new RequirementsInclude(o.Value, o.Line))];
}
