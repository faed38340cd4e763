using System.Runtime.ExceptionServices;

namespace Pipeline.Containers.Building;

/// <summary>
/// Runs jobs with dependencies, at most <c>parallelism</c> at once, each as soon as its dependencies have
/// succeeded. A job whose dependency failed is skipped; after a failure without continue-on-error no new job
/// starts (running ones finish: their layers are cached for the next run).
/// </summary>
internal static class DependencyScheduler
{
    /// <summary>The final state of one job.</summary>
    public enum JobState
    {
        /// <summary>Ran and succeeded.</summary>
        Succeeded,

        /// <summary>Ran and failed.</summary>
        Failed,

        /// <summary>Never started (dependency failed, run stopped, or cancelled).</summary>
        Skipped,
    }

    /// <summary>
    /// Runs <paramref name="run"/> for each key of <paramref name="dependencies"/> (key → keys it needs).
    /// <paramref name="run"/> returns true on success and false on failure. Returns each key's state.
    /// </summary>
    /// <exception cref="Exception">
    /// A job threw (other than by <paramref name="ct"/>'s cancellation): a job reports failure by returning false, so
    /// an exception is a bug that must not pass as an ordinary failure. No new job starts, running ones finish, then
    /// the first such exception is rethrown.
    /// </exception>
    public static async Task<IReadOnlyDictionary<string, JobState>> RunAsync(
        IReadOnlyDictionary<string, IReadOnlyList<string>> dependencies,
        int parallelism,
        bool continueOnError,
        Func<string, CancellationToken, Task<bool>> run,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var states = new Dictionary<string, JobState>();
        var pending = dependencies.Keys.ToList();
        var running = new Dictionary<Task<bool>, string>();
        var stop = false;
        ExceptionDispatchInfo? fault = null;

        while (pending.Count > 0 || running.Count > 0)
        {
            // Skip jobs that can never run, then start ready ones up to the limit.
            foreach (var key in pending.ToList())
            {
                var needs = dependencies[key].Where(dependencies.ContainsKey).ToList();
                if (stop || ct.IsCancellationRequested || needs.Any(d => states.TryGetValue(d, out var s) && s != JobState.Succeeded))
                {
                    states[key] = JobState.Skipped;
                    pending.Remove(key);
                }
                else if (running.Count < parallelism && needs.All(d => states.ContainsKey(d)))
                {
                    running[Start(run, key, ct)] = key;
                    pending.Remove(key);
                }
            }
            if (running.Count == 0) continue;

            var finished = await Task.WhenAny(running.Keys);
            var name = running[finished];
            running.Remove(finished);
            var ok = finished.IsCompletedSuccessfully && finished.Result;
            states[name] = ok ? JobState.Succeeded : JobState.Failed;
            if (!ok && !continueOnError) stop = true;
            if (finished.IsFaulted || (finished.IsCanceled && !ct.IsCancellationRequested))
            {
                stop = true;
                try { await finished; }
                catch (Exception e) { fault ??= ExceptionDispatchInfo.Capture(e); }
            }
        }
        fault?.Throw();
        return dependencies.Keys.ToDictionary(k => k, k => states[k]);
    }

    // A job that throws before its first await becomes a faulted task like any other, so running jobs still finish.
    private static Task<bool> Start(Func<string, CancellationToken, Task<bool>> run, string key, CancellationToken ct)
    {
        try
        {
            return run(key, ct);
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }
}
