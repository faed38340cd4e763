namespace Pipeline.Testing;

/// <summary>
/// A fact that reads <c>../shared/fixtures</c>: reported as skipped, with the reason, when a clone has nothing beside
/// it. Every capability also keeps tests on data in the repository, so such a clone still tests every target.
/// </summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the shared fixtures are absent.</summary>
    public FixtureFactAttribute()
    {
        if (!RepoPaths.HasFixtures) Skip = RepoPaths.NoFixturesReason;
    }
}

/// <summary>A theory that reads <c>../shared/fixtures</c> (its data included): skipped, with the reason, when absent.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory, without enumerating its data, when the shared fixtures are absent.</summary>
    public FixtureTheoryAttribute()
    {
        if (!RepoPaths.HasFixtures) Skip = RepoPaths.NoFixturesReason;
    }
}
