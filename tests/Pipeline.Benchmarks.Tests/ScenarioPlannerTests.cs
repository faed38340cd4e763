using Pipeline.Benchmarks;

namespace Pipeline.Benchmarks.Tests;

public class ScenarioPlannerTests
{
    private static BenchmarkOptions Options(int repeat = 1, IReadOnlyList<Scenario>? scenarios = null, string? byHand = "by-hand") => new()
    {
        RootDirectory = "/r",
        ComposeFile = "/r/docker-compose.yml",
        ByHandDirectory = byHand,
        Repeat = repeat,
        Scenarios = scenarios ?? ScenarioNames.All,
    };

    [Fact]
    public void Every_scenario_runs_cold_then_warm_in_each_repetition()
    {
        var plan = ScenarioPlanner.Plan(Options(repeat: 2), byHandAvailable: true);

        Assert.Equal(
            [
                "as-is cold #1", "as-is warm #1", "by-hand cold #1", "by-hand warm #1", "pipeline cold #1", "pipeline warm #1",
                "as-is cold #2", "as-is warm #2", "by-hand cold #2", "by-hand warm #2", "pipeline cold #2", "pipeline warm #2",
            ],
            plan.Runs.Select(r => r.ToString()));
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void By_hand_is_skipped_with_a_reason_when_the_stack_has_no_hand_fixed_variant()
    {
        var none = ScenarioPlanner.Plan(Options(byHand: null), byHandAvailable: false);
        var missing = ScenarioPlanner.Plan(Options(byHand: "/nowhere"), byHandAvailable: false);

        Assert.Equal([Scenario.AsIs, Scenario.Pipeline], none.Scenarios);
        Assert.Contains("--benchmark-by-hand", none.Skipped[Scenario.ByHand]);
        Assert.Contains("/nowhere", missing.Skipped[Scenario.ByHand]);
    }

    [Fact]
    public void A_scenario_the_stack_cannot_have_is_skipped_with_the_stacks_reason()
    {
        var plan = ScenarioPlanner.Plan(Options(), byHandAvailable: true, new Dictionary<Scenario, string> { [Scenario.AsIs] = "no Dockerfile.before for nixos-docs" });

        Assert.Equal([Scenario.ByHand, Scenario.Pipeline], plan.Scenarios);
        Assert.Equal("no Dockerfile.before for nixos-docs", plan.Skipped[Scenario.AsIs]);
    }

    [Fact]
    public void Only_the_chosen_scenarios_run_in_report_order_whatever_order_they_were_given()
    {
        var plan = ScenarioPlanner.Plan(Options(scenarios: [Scenario.Pipeline, Scenario.AsIs]), byHandAvailable: true);

        Assert.Equal([Scenario.AsIs, Scenario.Pipeline], plan.Scenarios);
        Assert.Equal(4, plan.Runs.Count);
    }

    [Fact]
    public void Scenario_names_parse_from_lists_and_commas_and_unknown_names_are_one_line_each()
    {
        var problems = new List<string>();

        var parsed = ScenarioPlanner.ParseScenarios(["pipeline,AS-IS", "pipeline", "by-hnd"], problems);

        Assert.Equal([Scenario.Pipeline, Scenario.AsIs], parsed);
        Assert.Equal(["--scenarios by-hnd: expected as-is, by-hand or pipeline"], problems);
        Assert.Equal(ScenarioNames.All, ScenarioPlanner.ParseScenarios([], problems));
    }

    [Fact]
    public void Options_name_each_bad_value_by_its_option()
    {
        using var dir = new Pipeline.Testing.TempDirectory();
        var compose = dir.Write("docker-compose.yml", "services: {}\n");
        var options = Options() with
        {
            ComposeFile = compose,
            Repeat = 0,
            WheelScale = 0,
            Throttle = "fast",
            FloorConnections = 0,
            Faults = new Pipeline.Python.Index.Faults.IndexFaults { Drop = 1.5 },
        };

        var problems = options.Problems();

        Assert.Contains("BenchmarkOptions.Repeat 0: expected 1 to 100", problems);
        Assert.Contains("BenchmarkOptions.WheelScale 0: expected above 0 and at most 1", problems);
        Assert.Contains(problems, p => p.StartsWith("BenchmarkOptions.Throttle 'fast': ", StringComparison.Ordinal));
        Assert.Contains("BenchmarkOptions.FloorConnections 0: expected 1 to 1024", problems);
        Assert.Contains("BenchmarkOptions.Faults.Drop 1.5: expected 0 to 1", problems);
        Assert.Empty((Options() with { ComposeFile = compose }).Problems());
        Assert.Contains((Options() with { ComposeFile = dir.Combine("missing.yml") }).Problems(), p => p.Contains("no such file", StringComparison.Ordinal));
    }
}
