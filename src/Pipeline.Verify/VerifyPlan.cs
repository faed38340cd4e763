namespace Pipeline.Verify;

/// <summary>Validates options and picks the targets to verify (pure).</summary>
internal static class VerifyPlan
{
    /// <summary>The targets selected by <see cref="VerifyOptions.Services"/>, in target order.</summary>
    /// <exception cref="VerifyConfigurationException">An option is out of range, a service is listed twice, or an unknown service is requested.</exception>
    public static IReadOnlyList<VerifyTarget> SelectTargets(VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The ranges are declared on VerifyOptions' properties; this only says them in Verify's exception.
        if (Pipeline.IO.Options.OptionsValidator.Problems(options) is { Count: > 0 } problems)
            throw new VerifyConfigurationException(new Pipeline.IO.Options.OptionsValidationException(problems).Message);

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
