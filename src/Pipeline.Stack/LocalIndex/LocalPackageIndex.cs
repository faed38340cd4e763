using Pipeline.Python.Index.Mirroring;

namespace Pipeline.Stack.LocalIndex;

/// <summary>
/// The local mirror as a build uses it: a PyPI-like index (<c>/pypi/simple/</c>) and a PyTorch-CPU-like index
/// (<c>/cpu/simple/</c>) on 127.0.0.1, and the build arguments that point pip in a Dockerfile at them.
/// </summary>
public sealed class LocalPackageIndex(LocalMirror mirror) : IAsyncDisposable
{
    /// <summary>Name of the PyPI-like index.</summary>
    public const string MainIndex = "pypi";

    /// <summary>Name of the PyTorch-CPU-like index.</summary>
    public const string CpuIndex = "cpu";

    /// <summary>The running mirror.</summary>
    public LocalMirror Mirror { get; } = mirror;

    /// <summary>The PyPI-like index's simple API URL.</summary>
    public Uri MainIndexUrl => Mirror.Server.IndexUrl(MainIndex);

    /// <summary>The CPU index's simple API URL.</summary>
    public Uri CpuIndexUrl => Mirror.Server.IndexUrl(CpuIndex);

    /// <summary>
    /// <c>PIP_INDEX_URL</c>, <c>PIP_TRUSTED_HOST</c> (on plain http pip caches only trusted hosts) and
    /// <c>PIP_TORCH_INDEX_URL</c> (the CPU torch install ConfigurePip adds).
    /// </summary>
    public IReadOnlyDictionary<string, string> BuildArgs => IndexBuildArgs.For(MainIndexUrl.ToString(), CpuIndexUrl.ToString());

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Mirror.DisposeAsync();
}

/// <summary>Build arguments that point the pip of a ConfigurePip'd Dockerfile at a main and a CPU torch index.</summary>
public static class IndexBuildArgs
{
    /// <summary>The three build arguments for <paramref name="mainIndex"/> and <paramref name="cpuIndex"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string mainIndex, string cpuIndex) => new Dictionary<string, string>
    {
        ["PIP_INDEX_URL"] = mainIndex,
        ["PIP_TRUSTED_HOST"] = new Uri(mainIndex).Host,
        ["PIP_TORCH_INDEX_URL"] = cpuIndex,
    };
}
