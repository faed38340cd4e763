namespace Pipeline.Verify.Checks;

/// <summary>A named verification applied to images: it runs commands in a probe container and/or inspects the image.</summary>
public interface IImageCheck
{
    /// <summary>Unique name within a <see cref="CheckSet"/>; the JUnit testcase name.</summary>
    string Name { get; }

    /// <summary>Whether the check runs for <paramref name="target"/> (its service scope and its own preconditions).</summary>
    bool AppliesTo(VerifyTarget target);

    /// <summary>Verifies one image. Exceptions other than cancellation are reported as a failure of this check.</summary>
    Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct);
}
