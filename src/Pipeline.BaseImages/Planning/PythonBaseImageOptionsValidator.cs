using System.Text.RegularExpressions;
using Pipeline.Containers.Context;

namespace Pipeline.BaseImages.Planning;

/// <summary>Checks <see cref="PythonBaseImageOptions"/> before anything runs, so bad input fails in one line.</summary>
public static partial class PythonBaseImageOptionsValidator
{
    /// <summary>All problems found, one line each; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Problems(PythonBaseImageOptions options)
    {
        var problems = new List<string>();
        if (!ImageReference.TryParse(options.Tag, out var tag) || !tag.CanBeTagged)
            problems.Add($"Tag '{options.Tag}': expected an image reference like localhost/pipeline/python:3.11-slim");
        if (!SuitePattern().IsMatch(options.Suite))
            problems.Add($"Suite '{options.Suite}': expected a Debian suite name like bookworm");
        if (options.Mirror is { } mirror && !IsHttpUrl(mirror))
            problems.Add($"Mirror '{mirror}': expected an http:// or https:// URL of a Debian archive");
        if (string.IsNullOrWhiteSpace(options.WorkDirectory) || !Path.IsPathFullyQualified(options.WorkDirectory))
            problems.Add($"WorkDirectory '{options.WorkDirectory}': expected an absolute directory path");
        if (options.PackageCacheDirectory is { } cache && !Path.IsPathFullyQualified(cache))
            problems.Add($"PackageCacheDirectory '{cache}': expected an absolute directory path (debootstrap requires one)");
        foreach (var package in options.ExtraPackages.Where(p => !PackagePattern().IsMatch(p)))
            problems.Add($"ExtraPackages '{package}': expected a Debian package name (lowercase letters, digits, + - .)");
        if (options.TryRegistryFirst && (!ImageReference.TryParse(options.RegistryImage, out var pulled) || !pulled.CanBeTagged))
            problems.Add($"RegistryImage '{options.RegistryImage}': expected an image reference like docker.io/library/python:3.11-slim");
        AddIfNotPositive(problems, nameof(options.RegistryTimeout), options.RegistryTimeout);
        AddIfNotPositive(problems, nameof(options.ProgressInterval), options.ProgressInterval);
        AddIfNotPositive(problems, nameof(options.LockTimeout), options.LockTimeout);
        AddIfNotPositive(problems, nameof(options.LockRetryInterval), options.LockRetryInterval);
        if (string.IsNullOrWhiteSpace(options.DebootstrapPath))
            problems.Add("DebootstrapPath: expected the debootstrap executable (default 'debootstrap')");
        return problems;
    }

    /// <summary>Throws <see cref="BaseImageException"/> naming the first problem (and how many more there are).</summary>
    public static void EnsureValid(PythonBaseImageOptions options)
    {
        var problems = Problems(options);
        if (problems.Count == 0) return;
        var more = problems.Count > 1 ? $" (and {problems.Count - 1} more: {string.Join("; ", problems.Skip(1))})" : "";
        throw new BaseImageException($"Invalid base image options: {problems[0]}{more}");
    }

    private static void AddIfNotPositive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) problems.Add($"{name} {value}: expected a positive duration");
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex SuitePattern();

    // Debian policy 5.6.1: lowercase letters, digits, plus, minus, dot; at least two characters, starting alphanumeric.
    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex PackagePattern();
}
