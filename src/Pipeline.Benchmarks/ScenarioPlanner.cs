namespace Pipeline.Benchmarks;

/// <summary>One build of the plan: which scenario, cold or warm, and which repetition (1-based).</summary>
public sealed record PlannedRun(Scenario Scenario, Phase Phase, int Repeat)
{
    /// <summary>e.g. <c>by-hand cold #2</c>.</summary>
    public override string ToString() => $"{Scenario.Name()} {Phase.Name()} #{Repeat}";
}

/// <summary>What will run, in order, and the scenarios left out with the reason.</summary>
public sealed record ScenarioPlan(IReadOnlyList<PlannedRun> Runs, IReadOnlyDictionary<Scenario, string> Skipped)
{
    /// <summary>The scenarios that run, in report order.</summary>
    public IReadOnlyList<Scenario> Scenarios => Runs.Select(r => r.Scenario).Distinct().ToList();
}

/// <summary>
/// Orders the builds: each repetition runs every scenario cold then warm, so a warm run always follows the cold run
/// of the same scenario (what "warm" means) and the repetitions of one scenario are spread over the whole benchmark
/// rather than back to back (slow drifts of a shared machine then land on every scenario alike). Pure.
/// </summary>
public static class ScenarioPlanner
{
    /// <summary>
    /// The plan for <paramref name="options"/>; <paramref name="byHandAvailable"/> says whether a hand-fixed variant
    /// exists, <paramref name="unavailable"/> names scenarios the stack cannot have, with the reason.
    /// </summary>
    public static ScenarioPlan Plan(BenchmarkOptions options, bool byHandAvailable, IReadOnlyDictionary<Scenario, string>? unavailable = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var skipped = new Dictionary<Scenario, string>();
        var scenarios = new List<Scenario>();
        foreach (var scenario in ScenarioNames.All.Where(options.Scenarios.Contains))
        {
            if (unavailable?.GetValueOrDefault(scenario) is { } reason)
                skipped[scenario] = reason;
            else if (scenario == Scenario.ByHand && !byHandAvailable)
                skipped[scenario] = options.ByHandDirectory is null
                    ? "no hand-fixed variant of this stack (--benchmark-by-hand names one)"
                    : $"the hand-fixed variant {options.ByHandDirectory} does not exist";
            else
                scenarios.Add(scenario);
        }
        var runs = new List<PlannedRun>();
        for (var repeat = 1; repeat <= options.Repeat; repeat++)
            foreach (var scenario in scenarios)
            {
                runs.Add(new PlannedRun(scenario, Phase.Cold, repeat));
                runs.Add(new PlannedRun(scenario, Phase.Warm, repeat));
            }
        return new ScenarioPlan(runs, skipped);
    }

    /// <summary>Parses <c>--scenarios</c> values; unknown names are one line each in <paramref name="problems"/>.</summary>
    public static IReadOnlyList<Scenario> ParseScenarios(IEnumerable<string> names, ICollection<string> problems)
    {
        var list = names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (list.Count == 0) return ScenarioNames.All;
        var parsed = new List<Scenario>();
        foreach (var name in list)
        {
            if (ScenarioNames.TryParse(name) is { } s) { if (!parsed.Contains(s)) parsed.Add(s); }
            else problems.Add($"--scenarios {name}: expected as-is, by-hand or pipeline");
        }
        return parsed;
    }
}
