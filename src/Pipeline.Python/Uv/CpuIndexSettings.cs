using Pipeline.Packaging;

namespace Pipeline.Python.Uv;

/// <summary>How the PyTorch CPU index is declared in a uv project.</summary>
/// <param name="IndexUrl">The CPU wheel index. Default <see cref="PackageIndexes.PytorchCpu"/>.</param>
/// <param name="IndexName">Name of the <c>[[tool.uv.index]]</c> entry when a new one is written. Default pytorch-cpu.</param>
/// <param name="TorchPackages">Packages routed to the CPU index via <c>[tool.uv.sources]</c>.</param>
internal sealed record CpuIndexSettings(string IndexUrl, string IndexName, IReadOnlyList<string> TorchPackages)
{
    /// <summary>The PyTorch CPU index as uv's docs recommend it.</summary>
    public static CpuIndexSettings Default { get; } =
        new(PackageIndexes.PytorchCpu, "pytorch-cpu", PackageIndexes.TorchPackages);
}
