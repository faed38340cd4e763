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
    public async Task A_job_that_throws_is_not_hidden_as_a_failure_running_jobs_finish_and_nothing_new_starts()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>> { ["boom"] = None, ["slow"] = None, ["later"] = None };
        var started = new List<string>();
        var slowMayEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowEnded = false;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(graph, 2, true, async (name, _) =>
        {
            lock (started) started.Add(name);
            if (name == "boom")
            {
                // Thrown before the job's first await, so its task is faulted before "slow" can end: were "slow" to end
                // first, starting "later" in its slot would be right, and the test would race.
                slowMayEnd.SetResult(); // "slow" is still running when this job throws
                throw new InvalidOperationException("bad pattern in .dockerignore");
            }
            await Task.Yield();
            if (name == "slow")
            {
                await slowMayEnd.Task.WaitAsync(TimeSpan.FromSeconds(10));
                slowEnded = true;
            }
            return true;
        }, CancellationToken.None));

        Assert.Equal("bad pattern in .dockerignore", error.Message);
        Assert.True(slowEnded);
        Assert.Equal(["boom", "slow"], started.Order());
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
