namespace Pipeline.Verify.History;

/// <summary>
/// The history of one image reference: the last verified image and the one before it (a different
/// image ID). Keeping two makes re-running Verify on an unchanged image still show the last rebuild's delta.
/// </summary>
/// <param name="Current">The most recently verified image.</param>
/// <param name="Previous">The verified image before it, with a different ID; null when there was none.</param>
internal sealed record SizeHistoryEntry(SizeRecord Current, SizeRecord? Previous);
