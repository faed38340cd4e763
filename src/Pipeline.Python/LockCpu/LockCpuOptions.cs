using Serilog;

namespace Pipeline.Python.LockCpu;

/// <summary>Every parameter of the LockCpu target, with documented defaults.</summary>
public sealed record LockCpuOptions
{
    /// <summary>
    /// Python projects to lock (or, with <see cref="Check"/>, to audit): a directory with <c>pyproject.toml</c> is
    /// a uv project; otherwise one with <see cref="RequirementsFileName"/> is a requirements-based service.
    /// </summary>
    public IReadOnlyList<string> ProjectDirectories { get; init; } = [];

    /// <summary>Lock files audited as they are (<c>uv.lock</c>, <c>pylock*.toml</c>, requirements files).</summary>
    public IReadOnlyList<string> LockFiles { get; init; } = [];

    /// <summary>Audit only: change no file, run no tool; fail when a CUDA package or non-<c>+cpu</c> torch is found.</summary>
    public bool Check { get; init; }

    /// <summary>The PyTorch CPU wheel index. Default https://download.pytorch.org/whl/cpu.</summary>
    public string CpuIndexUrl { get; init; } = "https://download.pytorch.org/whl/cpu";

    /// <summary>Name given to a new <c>[[tool.uv.index]]</c> entry. Default pytorch-cpu.</summary>
    public string CpuIndexName { get; init; } = "pytorch-cpu";

    /// <summary>The index for everything else (pip's <c>--index-url</c>). Default https://pypi.org/simple.</summary>
    public string MainIndexUrl { get; init; } = "https://pypi.org/simple";

    /// <summary>Packages taken from the CPU index. Default torch, torchvision, torchaudio.</summary>
    public IReadOnlyList<string> TorchPackages { get; init; } = ["torch", "torchvision", "torchaudio"];

    /// <summary>Platform the audit sizes downloads for. Default CPython 3.11 on Linux x86-64 (glibc 2.36).</summary>
    public TargetPlatform Target { get; init; } = new();

    /// <summary>uv executable name (looked up on PATH) or path. Default <c>uv</c>.</summary>
    public string UvExecutable { get; init; } = "uv";

    /// <summary>When true (default) a missing uv fails the run; when false the pyproject is repaired and locking is skipped with a warning.</summary>
    public bool RequireUv { get; init; } = true;

    /// <summary>Python used to run pip for requirements-based services. Default <c>python3</c>.</summary>
    public string PythonExecutable { get; init; } = "python3";

    /// <summary>Requirements file looked for in project directories. Default requirements.txt.</summary>
    public string RequirementsFileName { get; init; } = "requirements.txt";

    /// <summary>Hash-pinned lock written beside it. Default requirements.lock.</summary>
    public string RequirementsLockFileName { get; init; } = "requirements.lock";

    /// <summary>Extra pip arguments for resolution (e.g. <c>--only-binary=:all:</c>). Default none.</summary>
    public IReadOnlyList<string> PipArguments { get; init; } = [];

    /// <summary>Keep <c>pyproject.toml.bak</c> when rewriting a pyproject. Default true.</summary>
    public bool KeepBackups { get; init; } = true;

    /// <summary>Logger; default <see cref="Log.Logger"/> (the target engine configures sinks).</summary>
    public ILogger? Logger { get; init; }
}
