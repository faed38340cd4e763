/// <summary>Environment handed to the test run (filled in as the container and index layers arrive).</summary>
static class TestEnvironment
{
    public static IReadOnlyDictionary<string, string?> Variables() => new Dictionary<string, string?>();
}
