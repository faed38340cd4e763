namespace Pipeline.Benchmarks;

/// <summary>How a stack's images are built in one benchmark scenario.</summary>
public enum Scenario
{
    /// <summary>The Dockerfiles as they are, one image after another, pip straight at the upstream (what users do today).</summary>
    AsIs,

    /// <summary>The committed hand-fixed variant (pip timeouts/retries, cache mounts, CPU torch first), 4 images at a time.</summary>
    ByHand,

    /// <summary>Pipeline's Rebuild steps (ConfigurePip, LockCpu, BuildParallel, Verify) on a copy of the stack.</summary>
    Pipeline,
}

/// <summary>Cold: empty layer cache, pip caches and proxy cache. Warm: the same build again, nothing changed.</summary>
public enum Phase
{
    /// <summary>Nothing cached.</summary>
    Cold,

    /// <summary>Right after a cold run of the same scenario, nothing changed.</summary>
    Warm,
}

/// <summary>The names scenarios and phases have on the command line, in results.json and in reports.</summary>
public static class ScenarioNames
{
    /// <summary>Every scenario in report order.</summary>
    public static readonly IReadOnlyList<Scenario> All = [Scenario.AsIs, Scenario.ByHand, Scenario.Pipeline];

    /// <summary><c>as-is</c>, <c>by-hand</c>, <c>pipeline</c>.</summary>
    public static string Name(this Scenario scenario) => scenario switch
    {
        Scenario.AsIs => "as-is",
        Scenario.ByHand => "by-hand",
        Scenario.Pipeline => "pipeline",
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    /// <summary><c>cold</c> or <c>warm</c>.</summary>
    public static string Name(this Phase phase) => phase == Phase.Cold ? "cold" : "warm";

    /// <summary>Parses a scenario name (case-insensitive); null when unknown.</summary>
    public static Scenario? TryParse(string? name) =>
        All.Cast<Scenario?>().FirstOrDefault(s => string.Equals(s!.Value.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
