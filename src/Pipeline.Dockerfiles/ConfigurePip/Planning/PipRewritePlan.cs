using Pipeline.Dockerfiles.Editing;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>The edits planned for one Dockerfile and the report rows explaining them.</summary>
/// <param name="Edits">Text edits against the original file text.</param>
/// <param name="Rows">What changes and why (notes included).</param>
internal sealed record PipRewritePlan(IReadOnlyList<TextEdit> Edits, IReadOnlyList<ChangeRow> Rows);
