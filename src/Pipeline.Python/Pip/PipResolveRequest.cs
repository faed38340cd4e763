namespace Pipeline.Python.Pip;

/// <summary>What to ask pip to resolve.</summary>
/// <param name="RequirementLines">Requirements file lines (requirements and options such as <c>-r /abs/path</c>).</param>
/// <param name="IndexUrl">Passed as <c>--index-url</c>.</param>
/// <param name="ExtraIndexUrls">Passed as <c>--extra-index-url</c> each.</param>
/// <param name="ExtraArguments">Appended to the pip command line (e.g. <c>--find-links DIR</c>).</param>
internal sealed record PipResolveRequest(IReadOnlyList<string> RequirementLines, string IndexUrl, IReadOnlyList<string> ExtraIndexUrls,
    IReadOnlyList<string> ExtraArguments)
{
    /// <summary>
    /// The interpreter and platform to resolve for; null resolves for the Python running pip. With a target, pip
    /// gets <c>--python-version</c>, <c>--platform</c> and <c>--only-binary=:all:</c> (wheel tags and
    /// <c>Requires-Python</c>), and markers are evaluated for the target too (see <see cref="PipResolver"/>).
    /// </summary>
    public TargetPlatform? Target { get; init; }
}
