using Pipeline.Containers.Building;
using static Pipeline.Containers.Building.DependencyScheduler;

namespace Pipeline.Containers.Tests.Building;

public class DependencySchedulerTests
{
    private static readonly IReadOnlyList<string> None = [];

    [Fact]
    public async Task Never_exceeds_the_limit_and_runs_dependencies_first()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>
        {
            ["a"] = None, ["b"] = None, ["c"] = None, ["d"] = ["a", "b"], ["e"] = None,
        };
        var running = 0;
        var peak = 0;
        var finished = new List<string>();
        var order = new List<string>();
        var pairRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var states = await RunAsync(graph, 2, false, async (name, ct) =>
        {
            lock (order)
            {
                order.Add(name);
                peak = Math.Max(peak, ++running);
                Assert.All(graph[name], dependency => Assert.Contains(dependency, finished));
                if (running == 2) pairRunning.TrySetResult();
            }
            // The first two jobs wait for each other: if the scheduler ran them one by one, this would never finish.
            if (name is "a" or "b") await pairRunning.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Yield();
            lock (order) { running--; finished.Add(name); }
            return true;
        }, CancellationToken.None);

        Assert.All(states.Values, s => Assert.Equal(JobState.Succeeded, s));
        Assert.Equal(2, peak);
        Assert.Equal(5, order.Count);
    }

    [Fact]
    public async Task A_failure_skips_dependents_and_stops_new_jobs_unless_asked()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>> { ["bad"] = None, ["child"] = ["bad"], ["other"] = None };

        var stopped = await RunAsync(graph, 1, false, (name, _) => Task.FromResult(name != "bad"), CancellationToken.None);
        var continued = await RunAsync(graph, 1, true, (name, _) => Task.FromResult(name != "bad"), CancellationToken.None);

        Assert.Equal(JobState.Failed, stopped["bad"]);
        Assert.Equal(JobState.Skipped, stopped["child"]);
        Assert.Equal(JobState.Skipped, stopped["other"]);
        Assert.Equal(JobState.Skipped, continued["child"]);
        Assert.Equal(JobState.Succeeded, continued["other"]);
    }
}
