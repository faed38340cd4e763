namespace Pipeline.Stack.Tests.Faults;

/// <summary>
/// A theory over seeded engine kills: run when <c>PIPELINE_FAULT_ROUNDS</c> says how many rounds, skipped (with that
/// reason) otherwise. A kill at a random point meets podman 4.3's own store races now and then ("container not known",
/// a reset before the first reply), so these rounds run on demand, not in every <c>./build.sh Test</c>.
/// </summary>
public sealed class FaultRoundsTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips unless <c>PIPELINE_FAULT_ROUNDS</c> is a positive number.</summary>
    public FaultRoundsTheoryAttribute()
    {
        if (!(int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_FAULT_ROUNDS"), out var n) && n > 0))
            Skip = "engine-kill rounds run on demand: PIPELINE_FAULT_ROUNDS=4 ./build.sh Test (see docs/reliability.md)";
    }
}
