using System.ComponentModel.DataAnnotations;
using Pipeline.BaseImages.Planning;
using Pipeline.Containers.Context;
using Pipeline.IO.Options;
using Pipeline.Python.Index.Faults;

namespace Pipeline.Stack;

/// <summary>
/// What every stack target shares: the compose file and its services, the engine, the package index builds and locks
/// use, and the base image map. Each target's own knobs are its library's options (<see cref="StackTargetOptions"/>).
/// Defaults and valid ranges are declared once, on the properties; <see cref="OptionsValidator"/> checks them.
/// </summary>
public sealed record StackSettings : IValidatableObject
{
    /// <summary>The repository root (<c>.nuke/temp</c> and <c>artifacts/</c> live under it).</summary>
    [Required, FullPath]
    public required string RootDirectory { get; init; }

    /// <summary>The stack's compose file.</summary>
    [Required(AllowEmptyStrings = false)]
    public required string ComposeFile { get; init; }

    /// <summary>Services to act on; empty means all.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Environment for compose interpolation and engine discovery (and <c>$GITHUB_STEP_SUMMARY</c> for Verify).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Engine endpoint (<c>unix:///…</c>, <c>tcp://…</c>); null discovers one.</summary>
    public string? Engine { get; init; }

    /// <summary>The PyTorch CPU index written into Dockerfiles and pyproject files (ConfigurePip, LockCpu) and proxied for builds.</summary>
    [Required, HttpUrl(Public = true)]
    public string TorchCpuIndexUrl { get; init; } = Pipeline.Packaging.PackageIndexes.PytorchCpu;

    /// <summary>Base images replaced in the build context sent (FROM a → FROM b); BaseImage makes the local ones.</summary>
    public IReadOnlyDictionary<string, string> BaseImageMap { get; init; } = DefaultBaseImageMap;

    /// <summary>The default <see cref="BaseImageMap"/>: the slim CPython images to Pipeline's local ones.</summary>
    public static IReadOnlyDictionary<string, string> DefaultBaseImageMap { get; } = new Dictionary<string, string>
    {
        ["python:3.11-slim"] = Pipeline.BaseImages.PythonBaseImageOptions.DefaultTag,
        ["python:3.12-slim"] = "localhost/pipeline/python:3.12-slim",
        ["python:3.13-slim"] = "localhost/pipeline/python:3.13-slim",
    };

    /// <summary>An existing package index (PyPI mirror) to use instead of the local one.</summary>
    [HttpUrl]
    public string? IndexUrl { get; init; }

    /// <summary>With <see cref="IndexUrl"/>: the CPU torch index to use (default: <see cref="TorchCpuIndexUrl"/>).</summary>
    [HttpUrl]
    public string? CpuIndexUrl { get; init; }

    /// <summary>Local index: a wheel catalogue file (default: the embedded torch 2.5.1 catalogue).</summary>
    public string? Catalogue { get; init; }

    /// <summary>Local index: size scale of stand-in wheels (its range is the mirror's <c>ScaleFactor</c>'s).</summary>
    public double WheelScale { get; init; } = 0.01;

    /// <summary>Local index: per-connection bandwidth limit such as <c>600KB</c> (slow-link reproduction); null for none.</summary>
    public string? Throttle { get; init; }

    /// <summary>Package proxy: the store of files, pages and metadata (default <c>~/.cache/pipeline/packages</c>), shared by runs.</summary>
    public string? PackageCache { get; init; }

    /// <summary>Package proxy: serve only the store; a missing file is one error naming it.</summary>
    public bool Offline { get; init; }

    /// <summary>Local index: faults it injects (latency, cut-off or stalled downloads, 503 bursts); none by default.</summary>
    [ValidateMembers]
    public IndexFaults IndexFaults { get; init; } = IndexFaults.None;

    /// <summary>
    /// Local index: TCP port (0 picks a free one). The index URL is a build argument, so a stable port is what
    /// lets a second build reuse the layers after pip steps.
    /// </summary>
    public int IndexPort { get; init; } = Pipeline.Python.Index.Mirroring.MirrorOptions.DefaultPort;

    /// <summary><c>.nuke/temp</c> under the root.</summary>
    public string TemporaryDirectory => Path.Combine(RootDirectory, ".nuke", "temp");

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        foreach (var (from, tag) in BaseImageMap)
        {
            if (!ImageReference.TryParse(tag, out var local) || !local.CanBeTagged)
                yield return new ValidationResult($"{from}={tag}: expected the local image after '=' to be a reference like {Pipeline.BaseImages.PythonBaseImageOptions.DefaultTag}", [nameof(BaseImageMap)]);
        }
    }
}
