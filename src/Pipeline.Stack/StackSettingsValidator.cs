using Pipeline.BaseImages;
using Pipeline.BaseImages.Planning;
using Pipeline.Containers.Context;
using Pipeline.Stack.Mapping;

namespace Pipeline.Stack;

/// <summary>
/// Checks the numbers and names in <see cref="StackSettings"/> before any target runs, so a bad value is one line
/// naming the parameter (and the build does not start) instead of a library's argument exception halfway through.
/// Size budgets written in the compose file (<c>x-pipeline</c>) need the file and are checked when it is read.
/// </summary>
public static class StackSettingsValidator
{
    /// <summary>Every problem found, one line each, named by the command-line parameter; empty when all is usable.</summary>
    public static IReadOnlyList<string> Problems(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        void Require(bool ok, string parameter, object value, string expected)
        {
            if (!ok) problems.Add($"--{parameter} {value}: expected {expected}");
        }

        Require(settings.StopGracePeriod >= TimeSpan.Zero, "stop-grace-seconds", settings.StopGracePeriod.TotalSeconds, "0 or more seconds");
        Require(settings.PipTimeout > 0, "pip-timeout", settings.PipTimeout, "a positive number of seconds");
        Require(settings.PipRetries >= 0, "pip-retries", settings.PipRetries, "0 or more");
        Require(settings.WheelScale is > 0 and <= 1, "wheel-scale", settings.WheelScale, "a fraction above 0, at most 1");
        Require(settings.IndexPort is >= 0 and <= 65535, "index-port", settings.IndexPort, "a TCP port (0 picks a free one)");
        Require(settings.Parallelism is null or >= 1, "parallelism", settings.Parallelism!, "1 or more");
        Require(settings.BuildAttempts >= 1, "build-attempts", settings.BuildAttempts, "1 or more (the first attempt counts)");
        Require(settings.BuildRetryDelay >= TimeSpan.Zero, "build-retry-delay", settings.BuildRetryDelay.TotalSeconds, "0 or more seconds");
        Require(settings.BaseImageRegistryTimeout > TimeSpan.Zero, "base-image-registry-timeout", settings.BaseImageRegistryTimeout.TotalSeconds, "a positive number of seconds");
        Require(settings.VerifyTimeout > TimeSpan.Zero, "verify-timeout", settings.VerifyTimeout.TotalSeconds, "a positive number of seconds");
        Require(settings.VerifyParallelism >= 1, "verify-parallelism", settings.VerifyParallelism, "1 or more");
        Require(settings.DefaultSizeBudget is null or > 0, "size-budget", settings.DefaultSizeBudget!, "a positive size such as 2GB");
        Require(settings.PythonVersion is null || System.Text.RegularExpressions.Regex.IsMatch(settings.PythonVersion, @"^3\.\d{1,2}$"),
            "python-version", settings.PythonVersion!, "a CPython version X.Y such as 3.12");
        Require(settings.RoutedIndexUrl is null || Uri.TryCreate(settings.RoutedIndexUrl, UriKind.Absolute, out var routed) && routed.Scheme is "http" or "https",
            "routed-index-url", settings.RoutedIndexUrl!, "an http(s) simple index URL such as http://127.0.0.1:8080/routed/simple/");
        Require(Uri.TryCreate(settings.TorchCpuIndexUrl, UriKind.Absolute, out var cpu) && cpu.Scheme is "http" or "https" && !cpu.IsLoopback,
            "torch-cpu-index-url", settings.TorchCpuIndexUrl, "the public CPU index (it is written into Dockerfiles and pyproject files), e.g. https://download.pytorch.org/whl/cpu");
        problems.AddRange(settings.IndexFaults.Problems().Select(p => $"Mirror faults: {p}"));
        problems.AddRange(BaseImageProblems(settings));
        return problems;
    }

    // The options BaseImage would build from, checked by the base image library's own validator (one set of rules)
    // but named by the build's parameters: otherwise a bad suite fails only after Stop, ConfigurePip and LockCpu ran.
    private static IEnumerable<string> BaseImageProblems(StackSettings settings)
    {
        foreach (var (from, tag) in settings.BaseImageMap)
        {
            if (!ImageReference.TryParse(tag, out var local) || !local.CanBeTagged)
                yield return $"--base-image-map {from}={tag}: expected the local image after '=' to be a reference like {PythonBaseImageOptions.DefaultTag}";
        }
        // One line for a bad registry, not one per mapped image.
        var unpullable = settings.BaseImageMap.Keys
            .Select(from => (From: from, Pulled: BaseImageRequest.RegistryReference(from, settings.BaseImageRegistry)))
            .FirstOrDefault(p => p.Pulled is not null && (!ImageReference.TryParse(p.Pulled, out var pulled) || !pulled.CanBeTagged));
        if (unpullable.Pulled is not null)
            yield return $"--base-image-registry {settings.BaseImageRegistry}: {unpullable.From} would be pulled as '{unpullable.Pulled}', which is not an image reference (expected a host such as docker.io or registry.corp:5000, or none)";

        var options = new PythonBaseImageOptions
        {
            WorkDirectory = "/", // not a parameter: only the settings below are checked here
            Suite = settings.BaseImageSuite.Equals(Pipeline.BaseImages.Planning.DebianPythonSuites.Auto, StringComparison.OrdinalIgnoreCase) ? "bookworm" : settings.BaseImageSuite,
            Mirror = settings.BaseImageMirror,
            ExtraPackages = settings.BaseImagePackages,
            TryRegistryFirst = false,
        };
        foreach (var problem in PythonBaseImageOptionsValidator.Problems(options))
        {
            // The validator starts each line with the option's name: say the parameter instead.
            var parameter = OptionParameters.FirstOrDefault(p => problem.StartsWith(p.Option + " ", StringComparison.Ordinal));
            if (parameter.Option is not null) yield return parameter.Parameter + problem[parameter.Option.Length..];
        }
    }

    private static readonly (string Option, string Parameter)[] OptionParameters =
    [
        (nameof(PythonBaseImageOptions.Suite), "--base-image-suite"),
        (nameof(PythonBaseImageOptions.Mirror), "--debian-mirror"),
        (nameof(PythonBaseImageOptions.ExtraPackages), "--base-image-packages"),
    ];
}
