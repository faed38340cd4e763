namespace Pipeline.Python.Pip;

/// <summary>What to ask pip to resolve.</summary>
/// <param name="RequirementLines">Requirements file lines (requirements and options such as <c>-r /abs/path</c>).</param>
/// <param name="IndexUrl">Passed as <c>--index-url</c>.</param>
/// <param name="ExtraIndexUrls">Passed as <c>--extra-index-url</c> each.</param>
/// <param name="ExtraArguments">Appended to the pip command line (e.g. <c>--only-binary=:all:</c>, <c>--find-links DIR</c>).</param>
public sealed record PipResolveRequest(IReadOnlyList<string> RequirementLines, string IndexUrl, IReadOnlyList<string> ExtraIndexUrls,
    IReadOnlyList<string> ExtraArguments);
