using System.ComponentModel.DataAnnotations;
using Pipeline.BaseImages.Planning;
using Pipeline.Containers.Context;
using Pipeline.IO.Options;

namespace Pipeline.BaseImages;

/// <summary>
/// Everything that decides how the shared Python base image is obtained. Every tunable lives here with its default
/// and valid range, declared once on the property (<see cref="OptionsValidator"/> checks them), so a build target
/// can pass the whole recipe in one value.
/// </summary>
public sealed record PythonBaseImageOptions : IValidatableObject
{
    /// <summary>The tag other projects build <c>FROM</c>; integration tests share it so the image is reused.</summary>
    public const string DefaultTag = "localhost/pipeline/python:3.11-slim";

    /// <summary>
    /// The conventional work directory under a repository: <c>&lt;root&gt;/.nuke/temp/base-image</c>. Everyone who
    /// ensures the same tag should use the same directory, because the lock file that serialises
    /// bootstraps lives there.
    /// </summary>
    public static string DefaultWorkDirectory(string repositoryRoot) =>
        Path.Combine(Path.GetFullPath(repositoryRoot), ".nuke", "temp", "base-image");

    /// <summary>The image tag to ensure. Default <see cref="DefaultTag"/>.</summary>
    public string Tag { get; init; } = DefaultTag;

    /// <summary>The Debian suite to bootstrap. Default <c>bookworm</c> (Python 3.11).</summary>
    [Required, RegularExpression("[a-z][a-z0-9-]*", ErrorMessage = "a Debian suite name like bookworm")]
    public string Suite { get; init; } = "bookworm";

    /// <summary>
    /// The Debian mirror to bootstrap from. <see langword="null"/> (default) means the machine's own apt
    /// source (read from <c>/etc/apt/sources.list(.d)</c>), or <c>http://deb.debian.org/debian</c> when none.
    /// </summary>
    [HttpUrl(ErrorMessage = "an http:// or https:// URL of a Debian archive")]
    public string? Mirror { get; init; }

    /// <summary>Where the root filesystem is built and the lock file lives, e.g. <c>&lt;root&gt;/.nuke/temp/base-image</c>.</summary>
    [FullPath]
    public string WorkDirectory { get; init; } = "";

    /// <summary>
    /// Where debootstrap keeps downloaded packages between runs (<c>--cache-dir</c>), so a rebuild after a
    /// recipe change downloads only what changed. <see langword="null"/> (default) means <c>&lt;WorkDirectory&gt;/debs</c>.
    /// </summary>
    [FullPath(ErrorMessage = "an absolute directory path (debootstrap requires one)")]
    public string? PackageCacheDirectory { get; init; }

    /// <summary>Debian packages installed in addition to python3, pip, venv and ca-certificates. Default none.</summary>
    // Debian policy 5.6.1: lowercase letters, digits, plus, minus, dot; at least two characters, starting alphanumeric.
    [EachMatches("[a-z0-9][a-z0-9+.-]+", "Debian package names (lowercase letters, digits, + - .)")]
    public IReadOnlyList<string> ExtraPackages { get; init; } = [];

    /// <summary>
    /// Why this image must not be bootstrapped (no Debian suite ships the Python it promises), or null (default): when
    /// set, the registry is the only source and a failed pull ends with this one-line message.
    /// </summary>
    public string? BootstrapRefusal { get; init; }

    /// <summary>Try <see cref="RegistryImage"/> before bootstrapping. Default <see langword="true"/>.</summary>
    public bool TryRegistryFirst { get; init; } = true;

    /// <summary>The registry image used when a registry is reachable. Default <c>docker.io/library/python:3.11-slim</c>.</summary>
    public string RegistryImage { get; init; } = "docker.io/library/python:3.11-slim";

    /// <summary>How long the registry pull may take before we give up and bootstrap. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", MinimumIsExclusive = true)]
    public TimeSpan RegistryTimeout { get; init; } = TimeSpan.FromSeconds(DefaultRegistryTimeoutSeconds);

    /// <summary>The default <see cref="RegistryTimeout"/> in seconds.</summary>
    public const int DefaultRegistryTimeoutSeconds = 20;

    /// <summary>Rebuild even when an up-to-date image exists. Default <see langword="false"/>.</summary>
    public bool Force { get; init; }

    /// <summary>Also tag the image with its exact Python version (e.g. <c>localhost/pipeline/python:3.11.2</c>). Default <see langword="true"/>.</summary>
    public bool TagWithPythonVersion { get; init; } = true;

    /// <summary>How often a long phase (debootstrap) logs a progress line at Information level. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", MinimumIsExclusive = true)]
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for another process that holds the work-directory lock. Default 15 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a waiting process retries the work-directory lock. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", MinimumIsExclusive = true)]
    public TimeSpan LockRetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Keep the bootstrapped root filesystem after import (for debugging). Default <see langword="false"/>.</summary>
    public bool KeepRootfs { get; init; }

    /// <summary>The debootstrap executable. Default <c>debootstrap</c> (from PATH; Debian package <c>debootstrap</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DebootstrapPath { get; init; } = "debootstrap";

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!ImageReference.TryParse(Tag, out var tag) || !tag.CanBeTagged)
            yield return new ValidationResult($"'{Tag}': expected an image reference like {DefaultTag}", [nameof(Tag)]);
        if (TryRegistryFirst && (!ImageReference.TryParse(RegistryImage, out var pulled) || !pulled.CanBeTagged))
            yield return new ValidationResult($"'{RegistryImage}': expected an image reference like docker.io/library/python:3.11-slim", [nameof(RegistryImage)]);
    }
}
