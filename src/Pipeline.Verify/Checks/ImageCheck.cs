namespace Pipeline.Verify.Checks;

/// <summary>Base class for checks: a name and an optional service scope (all services when <see cref="Services"/> is null).</summary>
public abstract class ImageCheck : IImageCheck
{
    /// <summary>Creates a check with its unique name.</summary>
    protected ImageCheck(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new VerifyConfigurationException("A check needs a non-empty name");
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Compose services the check applies to; null = every image.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <inheritdoc />
    public virtual bool AppliesTo(VerifyTarget target) =>
        Services is null || Services.Contains(target.Service, StringComparer.Ordinal);

    /// <inheritdoc />
    public abstract Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct);
}
