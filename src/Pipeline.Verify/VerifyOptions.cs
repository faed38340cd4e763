using System.ComponentModel.DataAnnotations;
using Pipeline.Verify.Checks;

namespace Pipeline.Verify;

/// <summary>Everything <see cref="ImageVerifier.VerifyAsync"/> needs; each tunable declares its default and valid range once, here.</summary>
public sealed record VerifyOptions
{
    /// <summary>The stack's images (one per compose service with an image).</summary>
    [Required]
    public required IReadOnlyList<VerifyTarget> Targets { get; init; }

    /// <summary>Directory relative report and state paths resolve against (the build's root).</summary>
    [Required(AllowEmptyStrings = false)]
    public required string RootDirectory { get; init; }

    /// <summary>Only verify these services; null or empty = all targets. An unknown name is an error.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>The checks to run; default <see cref="CheckSet.BuiltIn"/>. Add your own with <see cref="CheckSet.Add"/>.</summary>
    public CheckSet Checks { get; init; } = CheckSet.BuiltIn();

    /// <summary>How many checks run at the same time, over all images; default 4.</summary>
    [Range(1, 64)]
    public int MaxParallelism { get; init; } = DefaultMaxParallelism;

    /// <summary>The default <see cref="MaxParallelism"/>.</summary>
    public const int DefaultMaxParallelism = 4;

    /// <summary>Time limit for each command a check runs; default 120 s (importing torch in a cold image takes a few seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(DefaultCommandTimeoutSeconds);

    /// <summary>The default <see cref="CommandTimeout"/> in seconds.</summary>
    public const int DefaultCommandTimeoutSeconds = 120;

    /// <summary>JUnit XML report path; default <c>artifacts/verify/junit.xml</c>.</summary>
    public string JUnitPath { get; init; } = "artifacts/verify/junit.xml";

    /// <summary>Markdown summary path; default <c>artifacts/verify/summary.md</c>.</summary>
    public string SummaryPath { get; init; } = "artifacts/verify/summary.md";

    /// <summary>When set (the build passes <c>$GITHUB_STEP_SUMMARY</c>), the Markdown summary is appended to this file too; default null.</summary>
    public string? GitHubStepSummaryPath { get; init; }

    /// <summary>
    /// State file recording the last verified size per image reference, for size deltas; default
    /// <c>artifacts/verify/image-sizes.json</c> (cache it in CI to get deltas there); null = no history.
    /// </summary>
    public string? SizeHistoryPath { get; init; } = "artifacts/verify/image-sizes.json";

    /// <summary>
    /// Store of earlier verifications without failures (relative to <see cref="RootDirectory"/>): an image with the
    /// same ID verified with the same checks is not checked again, its rows are reused (and say so). Null = always
    /// run every check. Default <c>.nuke/temp/verify-results.json</c>.
    /// </summary>
    public string? ReuseStorePath { get; init; } = ".nuke/temp/verify-results.json";

    /// <summary>Shell (and its "run this string" flag) used in probe containers; default <c>/bin/sh -c</c>.</summary>
    [Required, MinLength(1)]
    public IReadOnlyList<string> ProbeShell { get; init; } = ["/bin/sh", "-c"];

    /// <summary>RLIMIT_NOFILE set on probe containers (some engines fail to start containers without explicit limits); default 1024.</summary>
    [Range(1L, long.MaxValue)]
    public long ProbeNofileLimit { get; init; } = 1024;

    /// <summary>RLIMIT_NPROC set on probe containers; default 4096.</summary>
    [Range(1L, long.MaxValue)]
    public long ProbeNprocLimit { get; init; } = 4096;

    /// <summary>Characters of output kept per stream and command; default 65 536.</summary>
    [Range(1, int.MaxValue)]
    public int MaxOutputChars { get; init; } = 64 * 1024;

    /// <summary>Lines of a failed check's output shown on the console and in the summary; default 40.</summary>
    [Range(1, int.MaxValue)]
    public int MaxOutputLines { get; init; } = 40;

    /// <summary>Time allowed to remove a probe container (also after Ctrl+C); default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", MinimumIsExclusive = true)]
    public TimeSpan ContainerRemoveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What a missing image's failure tells the user to do; default "run BuildParallel first".</summary>
    public string MissingImageHint { get; init; } = "run BuildParallel first";

    /// <summary>Labels this run's probe containers (<c>io.pipeline.verify.run</c>); default a fresh random ID.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..12];
}
