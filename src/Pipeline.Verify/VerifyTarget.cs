namespace Pipeline.Verify;

/// <summary>
/// One image to verify, as the build maps it from a compose service: the service name (used for
/// check scoping, reports and container names) and the image reference, plus the per-service
/// expectations the built-in checks compare against.
/// </summary>
/// <param name="Service">The compose service name, e.g. <c>api</c>.</param>
/// <param name="Image">The image reference as tagged by the build, e.g. <c>localhost/stack-api:latest</c>.</param>
public sealed record VerifyTarget(string Service, string Image)
{
    /// <summary>Largest acceptable image size in bytes (from a parameter or the service's <c>x-pipeline</c>); null = no budget.</summary>
    public long? SizeBudgetBytes { get; init; }

    /// <summary>Largest acceptable growth in bytes against the previously verified image of the same reference; null = report only.</summary>
    public long? MaxSizeGrowthBytes { get; init; }

    /// <summary>The compose service's <c>user:</c> value; null when compose does not set one (the non-root check then does not apply).</summary>
    public string? ExpectedUser { get; init; }

    /// <summary>What ConfigurePip put into this stage's environment; null when ConfigurePip did not configure it.</summary>
    public PipExpectation? Pip { get; init; }
}
