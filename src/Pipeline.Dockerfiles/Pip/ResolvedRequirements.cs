using Pipeline.Packaging;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>A requirement together with the file it was read from, for reports.</summary>
/// <param name="Requirement">The requirement.</param>
/// <param name="Source">The context-relative file it came from.</param>
internal sealed record SourcedRequirement(RequirementLine Requirement, string Source);

/// <summary>An option line together with its file.</summary>
/// <param name="Option">The option line.</param>
/// <param name="Source">The context-relative file it came from.</param>
internal sealed record SourcedOption(RequirementOption Option, string Source);

/// <summary>A requirements file read from the build context, nested <c>-r</c> files included.</summary>
/// <param name="ContextPath">The context-relative path of the top file.</param>
/// <param name="Requirements">All requirement lines, nested files included.</param>
/// <param name="Options">All option lines, nested files included.</param>
internal sealed record ResolvedRequirements(string ContextPath, IReadOnlyList<SourcedRequirement> Requirements, IReadOnlyList<SourcedOption> Options);
