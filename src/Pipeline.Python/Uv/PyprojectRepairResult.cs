namespace Pipeline.Python.Uv;

/// <summary>The outcome of repairing a pyproject's CPU index declaration.</summary>
/// <param name="Text">The new file text (the input when nothing changed).</param>
/// <param name="Changes">One line per change made, for logs and the build summary; empty when already correct.</param>
/// <param name="TorchPackages">The torch-family packages the project declares (routed to the CPU index).</param>
/// <param name="IndexName">Name of the CPU index entry in the result.</param>
internal sealed record PyprojectRepairResult(string Text, IReadOnlyList<string> Changes, IReadOnlyList<string> TorchPackages, string IndexName)
{
    /// <summary>True when the text changed.</summary>
    public bool Changed => Changes.Count > 0;
}
