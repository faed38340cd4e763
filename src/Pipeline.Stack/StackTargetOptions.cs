using System.ComponentModel.DataAnnotations;
using Pipeline.BaseImages;
using Pipeline.Containers.Building;
using Pipeline.Containers.Stopping;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Python.LockCpu;
using Pipeline.Verify;

namespace Pipeline.Stack;

/// <summary>
/// Each stack target's own settings, as its library's options: the session makes the options from the stack (compose
/// file, Dockerfiles, projects, index) and hands them to these functions, which set what the build's parameters say
/// (<c>o =&gt; o with { GracePeriod = ... }</c>). Defaults and ranges stay where the options declare them; an unset
/// function keeps every default. The few settings that are not one library's option follow.
/// </summary>
public sealed record StackTargetOptions
{
    /// <summary>Stop's options.</summary>
    public Func<StopOptions, StopOptions>? Stop { get; init; }

    /// <summary>ConfigurePip's options; an empty <see cref="ConfigurePipOptions.Dockerfiles"/> means the compose file's.</summary>
    public Func<ConfigurePipOptions, ConfigurePipOptions>? ConfigurePip { get; init; }

    /// <summary>LockCpu's options; no projects and no lock files means the compose file's Python projects.</summary>
    public Func<LockCpuOptions, LockCpuOptions>? LockCpu { get; init; }

    /// <summary>Prefetch's options (connections; 0 turns it off).</summary>
    public Func<PrefetchOptions, PrefetchOptions>? Prefetch { get; init; }

    /// <summary>
    /// BaseImage's options, applied to every mapped image; <see cref="PythonBaseImageOptions.Suite"/> may be
    /// <c>auto</c>: the suite that ships each image's Python.
    /// </summary>
    public Func<PythonBaseImageOptions, PythonBaseImageOptions>? BaseImage { get; init; }

    /// <summary>BuildParallel's options; the session adds the index build args underneath and the index proxies.</summary>
    public Func<BuildParallelOptions, BuildParallelOptions>? BuildParallel { get; init; }

    /// <summary>Verify's options (checks, parallelism, timeouts, report paths).</summary>
    public Func<VerifyOptions, VerifyOptions>? Verify { get; init; }

    /// <summary>
    /// LockCpu: the CPython version (X.Y) for every service; null (default) takes each service's from its Dockerfile's
    /// final <c>FROM python:X.Y</c> (3.11 where none is named).
    /// </summary>
    [RegularExpression(@"3\.\d{1,2}", ErrorMessage = "a CPython version X.Y such as 3.12")]
    public string? PythonVersion { get; init; }

    /// <summary>
    /// BaseImage: the registry short <c>FROM</c> names are pulled from before bootstrapping (e.g. <c>docker.io</c> or a
    /// mirror such as <c>registry.corp:5000</c>); <c>none</c> or null bootstraps only.
    /// </summary>
    public string? BaseImageRegistry { get; init; } = DefaultBaseImageRegistry;

    /// <summary>The default <see cref="BaseImageRegistry"/>.</summary>
    public const string DefaultBaseImageRegistry = "docker.io";

    /// <summary>Verify: size budget for services without <c>x-pipeline: size-budget</c>; null for none.</summary>
    [Range(1L, long.MaxValue)]
    public long? DefaultSizeBudget { get; init; }

    /// <summary>What <paramref name="configure"/> makes of <paramref name="options"/>; the options themselves when it is null.</summary>
    public static T Apply<T>(Func<T, T>? configure, T options) => configure is null ? options : configure(options);
}
