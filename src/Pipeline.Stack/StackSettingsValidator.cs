namespace Pipeline.Stack;

/// <summary>
/// Checks the numbers in <see cref="StackSettings"/> before any target runs, so a bad value is one line naming the
/// parameter (and the build does not start) instead of a library's argument exception halfway through.
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
        return problems;
    }
}
