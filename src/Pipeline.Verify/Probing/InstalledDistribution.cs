namespace Pipeline.Verify.Probing;

/// <summary>A Python distribution found in an image.</summary>
/// <param name="Name">The name as its metadata spells it.</param>
/// <param name="Version">Its version, e.g. <c>12.4.5.8</c> or <c>2.5.1+cpu</c>.</param>
public sealed record InstalledDistribution(string Name, string Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {Version}";
}
