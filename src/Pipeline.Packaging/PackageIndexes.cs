namespace Pipeline.Packaging;

/// <summary>
/// The public package indexes Pipeline knows by name, and the projects the PyTorch CPU index serves. These are the
/// values written into users' files (never a machine-local proxy URL), so they live in one place.
/// </summary>
public static class PackageIndexes
{
    /// <summary>PyPI's simple API (PEP 503).</summary>
    public const string PypiSimple = "https://pypi.org/simple";

    /// <summary>PyTorch's CPU-only wheel index: <c>+cpu</c> builds of torch, torchvision and torchaudio, no CUDA.</summary>
    public const string PytorchCpu = "https://download.pytorch.org/whl/cpu";

    /// <summary>The projects that must come from <see cref="PytorchCpu"/> to stay CPU-only, normalised.</summary>
    public static IReadOnlyList<string> TorchPackages { get; } = ["torch", "torchvision", "torchaudio"];

    /// <summary>True when <paramref name="project"/> (any spelling) is one of <see cref="TorchPackages"/>.</summary>
    public static bool IsTorchPackage(string project) => TorchPackages.Contains(ProjectName.Normalize(project), StringComparer.Ordinal);

    /// <summary>True when two index URLs are the same index (scheme and host case, and a trailing slash, do not matter).</summary>
    public static bool SameIndex(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
