using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;
using Serilog;

namespace Pipeline.Python.LockCpu;

/// <summary>Every parameter of the LockCpu target; each declares its default and valid range once, here.</summary>
public sealed record LockCpuOptions : IValidatableObject
{
    /// <summary>
    /// Python projects to lock (or, with <see cref="Check"/>, to audit): a directory with <c>pyproject.toml</c> is
    /// a uv project; otherwise one with <see cref="RequirementsFileName"/> is a requirements-based service.
    /// </summary>
    public IReadOnlyList<string> ProjectDirectories { get; init; } = [];

    /// <summary>
    /// Projects with their own interpreter and platform (a service's Dockerfile <c>FROM python:3.13-slim</c>):
    /// locked and audited for that target instead of <see cref="Target"/>. One resolution per distinct
    /// (directory, target); a directory locked for several targets gets one lock per Python
    /// (<c>requirements.py313.lock</c>).
    /// </summary>
    public IReadOnlyList<LockCpuProject> Projects { get; init; } = [];

    /// <summary>Lock files audited as they are (<c>uv.lock</c>, <c>pylock*.toml</c>, requirements files).</summary>
    public IReadOnlyList<string> LockFiles { get; init; } = [];

    /// <summary>Audit only: change no file, run no tool; fail when a CUDA package or non-<c>+cpu</c> torch is found.</summary>
    public bool Check { get; init; }

    /// <summary>
    /// The public PyTorch CPU wheel index, written into pyproject files and named in locks. Must be a real URL,
    /// never a local mirror (give that as <see cref="MirrorCpuIndexUrl"/> or <see cref="RoutedIndexUrl"/>).
    /// Default <see cref="Packaging.PackageIndexes.PytorchCpu"/>.
    /// </summary>
    [Required, HttpUrl]
    public string CpuIndexUrl { get; init; } = Packaging.PackageIndexes.PytorchCpu;

    /// <summary>Name given to a new <c>[[tool.uv.index]]</c> entry. Default pytorch-cpu.</summary>
    public string CpuIndexName { get; init; } = "pytorch-cpu";

    /// <summary>The public index for everything else, named in locks. Default https://pypi.org/simple.</summary>
    [Required, HttpUrl]
    public string MainIndexUrl { get; init; } = Packaging.PackageIndexes.PypiSimple;

    /// <summary>
    /// A routed index (the package proxy): torch, torchvision and torchaudio only from the CPU index, everything
    /// else from the main one. When set, pip and uv resolve once against it alone, so no CUDA file or metadata is
    /// requested. Handed to the resolver at run time (pip <c>--index-url</c>, uv <c>UV_DEFAULT_INDEX</c>/<c>UV_INDEX</c>),
    /// never written into a file. Default none.
    /// </summary>
    [HttpUrl]
    public string? RoutedIndexUrl { get; init; }

    /// <summary>Without a routed index: where the resolver fetches <see cref="MainIndexUrl"/> from (a local mirror). Run time only. Default none.</summary>
    [AbsoluteUrl]
    public string? MirrorIndexUrl { get; init; }

    /// <summary>Without a routed index: where the resolver fetches <see cref="CpuIndexUrl"/> from (a local mirror). Run time only. Default none.</summary>
    [AbsoluteUrl]
    public string? MirrorCpuIndexUrl { get; init; }

    /// <summary>
    /// Starts the mirrors (main, CPU) on first need and returns their URLs, when <see cref="MirrorIndexUrl"/> is
    /// not given: only a lock that must be resolved calls it, so a stack whose locks are all up to date never
    /// starts its local index. Called at most once per run. Default none.
    /// </summary>
    public Func<CancellationToken, Task<(string Main, string Cpu)>>? MirrorIndexes { get; init; }

    /// <summary>
    /// Starts a routed index (the package proxy) and returns its URL, when <see cref="RoutedIndexUrl"/> is not given:
    /// called at most once, only when a lock must be resolved, so up-to-date locks start nothing. Locks are then
    /// fingerprinted as resolved through one routed index. Default none.
    /// </summary>
    public Func<CancellationToken, Task<string>>? StartRoutedIndex { get; init; }

    /// <summary>True when resolutions go through one routed index (given or started on need).</summary>
    public bool IsRouted => RoutedIndexUrl is not null || StartRoutedIndex is not null;

    /// <summary>Re-lock even when a lock's recorded input fingerprint says it is up to date. Default false.</summary>
    public bool Force { get; init; }

    /// <summary>PEP 751 lock written beside each requirements lock from the same resolution; null for none. Default pylock.toml.</summary>
    public string? PylockFileName { get; init; } = "pylock.toml";

    /// <summary>Packages taken from the CPU index. Default torch, torchvision, torchaudio.</summary>
    public IReadOnlyList<string> TorchPackages { get; init; } = ["torch", "torchvision", "torchaudio"];

    /// <summary>Platform the audit sizes downloads for. Default CPython 3.11 on Linux x86-64 (glibc 2.36).</summary>
    public TargetPlatform Target { get; init; } = new();

    /// <summary>uv executable name (looked up on PATH) or path. Default <c>uv</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string UvExecutable { get; init; } = "uv";

    /// <summary>When true (default) a missing uv fails the run; when false the pyproject is repaired and locking is skipped with a warning.</summary>
    public bool RequireUv { get; init; } = true;

    /// <summary>Python used to run pip for requirements-based services. Default <c>python3</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PythonExecutable { get; init; } = "python3";

    /// <summary>Requirements file looked for in project directories. Default requirements.txt.</summary>
    public string RequirementsFileName { get; init; } = "requirements.txt";

    /// <summary>Hash-pinned lock written beside it. Default requirements.lock.</summary>
    public string RequirementsLockFileName { get; init; } = "requirements.lock";

    /// <summary>Extra pip arguments for resolution (e.g. <c>--only-binary=:all:</c>). Default none.</summary>
    public IReadOnlyList<string> PipArguments { get; init; } = [];

    /// <summary>Keep <c>pyproject.toml.bak</c> when rewriting a pyproject. Default true.</summary>
    public bool KeepBackups { get; init; } = true;

    /// <summary>One line per invalid option (empty when valid): the declared ranges, and public index URLs (they end up in user files).</summary>
    public IReadOnlyList<string> Problems() => OptionsValidator.Problems(this);

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        foreach (var (name, url, mirror) in new[] { (nameof(CpuIndexUrl), CpuIndexUrl, nameof(MirrorCpuIndexUrl)), (nameof(MainIndexUrl), MainIndexUrl, nameof(MirrorIndexUrl)) })
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !Pip.PylockWriter.IsPublic(url))
                yield return new ValidationResult($"'{url}': expected the public index, as it is written into pyproject.toml and locks "
                                                  + $"(give a machine-local mirror as {mirror} or a proxy as {nameof(RoutedIndexUrl)})", [name]);
        }
    }

    /// <summary>Logger; default <see cref="Log.Logger"/> (the target engine configures sinks).</summary>
    public ILogger? Logger { get; init; }
}

/// <summary>A project locked for its own interpreter and platform.</summary>
/// <param name="Directory">The project directory (pyproject.toml or requirements file).</param>
/// <param name="Target">The Python and platform its image runs.</param>
/// <param name="Origin">Where the target came from, for logs (e.g. <c>Dockerfile:12 FROM python:3.13-slim</c>).</param>
public sealed record LockCpuProject(string Directory, TargetPlatform Target, string? Origin = null);
