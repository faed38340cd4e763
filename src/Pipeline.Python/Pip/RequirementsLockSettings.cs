namespace Pipeline.Python.Pip;

/// <summary>Indexes and pip arguments for locking a requirements file.</summary>
/// <param name="MainIndexUrl">The public index for everything but torch (e.g. PyPI): named in the lock, never a local address.</param>
/// <param name="CpuIndexUrl">The public PyTorch CPU index: named in the lock.</param>
/// <param name="TorchPackages">Packages that must come from the CPU index.</param>
/// <param name="Target">Interpreter and platform the lock is resolved for.</param>
/// <param name="PipArguments">Extra pip arguments for every resolution.</param>
internal sealed record RequirementsLockSettings(string MainIndexUrl, string CpuIndexUrl, IReadOnlyList<string> TorchPackages,
    TargetPlatform Target, IReadOnlyList<string> PipArguments)
{
    /// <summary>
    /// One index serving torch-family packages only from the CPU index and everything else from the main one
    /// (the package proxy). When set, pip resolves once against it alone. Used at run time only.
    /// </summary>
    public string? RoutedIndexUrl { get; init; }

    /// <summary>Resolutions go through one routed index, given or started only when needed (recorded in the fingerprint).</summary>
    public bool Routed { get; init; }

    /// <summary>Where pip fetches the main index from without a routed index (a local mirror); default <see cref="MainIndexUrl"/>.</summary>
    public string? MirrorIndexUrl { get; init; }

    /// <summary>Where pip fetches the CPU index from without a routed index (a local mirror); default <see cref="CpuIndexUrl"/>.</summary>
    public string? MirrorCpuIndexUrl { get; init; }

    /// <summary>Resolve even when the lock's recorded fingerprint matches its inputs.</summary>
    public bool Force { get; init; }

    /// <summary>Also write a PEP 751 lock here from the same resolution; null for none.</summary>
    public string? PylockPath { get; init; }
}
