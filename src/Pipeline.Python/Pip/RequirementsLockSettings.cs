namespace Pipeline.Python.Pip;

/// <summary>Indexes and pip arguments for locking a requirements file.</summary>
/// <param name="MainIndexUrl">The index for everything but torch (e.g. PyPI or the local index server).</param>
/// <param name="CpuIndexUrl">The PyTorch CPU index.</param>
/// <param name="TorchPackages">Packages resolved against the CPU index first.</param>
/// <param name="Target">Platform used to check that torch resolved to <c>+cpu</c> builds.</param>
/// <param name="PipArguments">Extra pip arguments for both resolutions.</param>
public sealed record RequirementsLockSettings(string MainIndexUrl, string CpuIndexUrl, IReadOnlyList<string> TorchPackages,
    TargetPlatform Target, IReadOnlyList<string> PipArguments);
