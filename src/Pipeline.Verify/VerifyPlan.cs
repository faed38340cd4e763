namespace Pipeline.Verify;

/// <summary>Validates options and picks the targets to verify (pure).</summary>
public static class VerifyPlan
{
    /// <summary>The targets selected by <see cref="VerifyOptions.Services"/>, in target order.</summary>
    /// <exception cref="VerifyConfigurationException">An option is out of range, a service is listed twice, or an unknown service is requested.</exception>
    public static IReadOnlyList<VerifyTarget> SelectTargets(VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxParallelism < 1)
            throw new VerifyConfigurationException($"Verify: MaxParallelism is {options.MaxParallelism}; expected 1 or more");
        if (options.CommandTimeout <= TimeSpan.Zero)
            throw new VerifyConfigurationException($"Verify: CommandTimeout is {options.CommandTimeout}; expected a positive time");
        if (options.ProbeShell.Count == 0)
            throw new VerifyConfigurationException("Verify: ProbeShell is empty; expected a shell and its flag, e.g. /bin/sh -c");
        if (options.MaxOutputChars < 1 || options.MaxOutputLines < 1)
            throw new VerifyConfigurationException("Verify: MaxOutputChars and MaxOutputLines must be 1 or more");

        var duplicate = options.Targets.GroupBy(t => t.Service, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new VerifyConfigurationException($"Verify: service '{duplicate.Key}' is listed twice; expected one image per service");

        if (options.Services is not { Count: > 0 } wanted)
            return options.Targets;
        var known = options.Targets.Select(t => t.Service).ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Where(s => !known.Contains(s)).ToList();
        if (unknown.Count > 0)
            throw new VerifyConfigurationException(
                $"Verify: unknown service(s) {string.Join(", ", unknown.Select(s => $"'{s}'"))}; the stack's services are: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        return options.Targets.Where(t => wanted.Contains(t.Service, StringComparer.Ordinal)).ToList();
    }
}
