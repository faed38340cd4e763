using System.Diagnostics;
using Serilog;
using Serilog.Context;

namespace Pipeline.Build;

/// <summary>
/// Runs a plan: static conditions and requirements before anything, then each target in order with its
/// dynamic conditions, failure semantics (ProceedAfterFailure, AssuredAfterFailure) and cancellation.
/// </summary>
/// <remarks>
/// <c>targetFinished</c> is called after each target that ran: the --continue state is saved there, as NUKE does, so
/// a killed build resumes.
/// </remarks>
internal sealed class BuildExecutor(BuildContext context, BuildLogging logging, bool gitHubActions, Func<Task>? targetFinished = null)
{
    private ILogger Log => logging.Logger;

    /// <summary>Marks skipped targets: <c>--skip</c>, earlier successes (<c>--continue</c>), static conditions.</summary>
    public static void ApplySkips(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget> invoked,
        IReadOnlyList<ExecutableTarget>? skipped, bool skipAllButInvoked, IReadOnlySet<string> previouslySucceeded)
    {
        foreach (var target in plan)
        {
            if (skipAllButInvoked && !invoked.Contains(target)) Skip(target, "--skip");
            else if (skipped?.Contains(target) == true) Skip(target, "--skip");
            else if (previouslySucceeded.Contains(target.Name)) Skip(target, "succeeded in the previous attempt (--continue)");
        }

        foreach (var target in plan.Where(t => t.Status != TargetStatus.Skipped))
        {
            var failed = target.Definition.StaticConditions.FirstOrDefault(c => !Evaluate(target, "condition", c.Text, c.Evaluate));
            if (failed is not null) Skip(target, failed.Text);
        }

        // Dependencies of a skipped target with WhenSkipped(Skip) are skipped too (transitively), unless a
        // target that still runs needs them.
        var propagating = plan.Where(t => t.Status == TargetStatus.Skipped && t.Definition.SkippedDependencyBehavior == DependencyBehavior.Skip).ToHashSet();
        bool changed;
        do
        {
            changed = false;
            foreach (var target in plan.Where(t => t.Status == TargetStatus.NotRun))
            {
                var dependents = plan.Where(t => t.Dependencies.Contains(target)).ToList();
                if (dependents.Count > 0 && !invoked.Contains(target) && dependents.All(propagating.Contains))
                {
                    Skip(target, $"dependency of skipped {string.Join(", ", dependents.Select(d => d.Name))}");
                    propagating.Add(target);
                    changed = true;
                }
            }
        } while (changed);
    }

    /// <summary>Fails before anything runs when a scheduled target's requirement is not met.</summary>
    public static void CheckRequirements(IReadOnlyList<ExecutableTarget> plan)
    {
        foreach (var target in plan.Where(t => t.Status != TargetStatus.Skipped))
        foreach (var requirement in target.Definition.Requirements)
            if (!Evaluate(target, "requirement", requirement.FailureText, requirement.IsMet))
                throw new BuildDefinitionException($"Target '{target.Name}' {requirement.FailureText}");
    }

    /// <summary>
    /// Runs a condition or requirement written in the build; when it throws, the build cannot start: one line
    /// naming the target and what threw (the exception itself goes to the file log as the inner exception).
    /// </summary>
    private static bool Evaluate(ExecutableTarget target, string kind, string text, Func<bool> check)
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is not BuildDefinitionException)
        {
            throw new BuildDefinitionException($"Target '{target.Name}': {kind} {text} threw {e.GetType().Name}: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Runs the plan; returns the first failure's exit code, or success.</summary>
    public async Task<int> RunAsync(IReadOnlyList<ExecutableTarget> plan, CancellationToken ct)
    {
        var exitCode = BuildResult.Success;
        foreach (var target in plan)
        {
            if (target.Status == TargetStatus.Skipped)
            {
                Log.Debug("Skipping {TargetName}: {Reason}", target.Name, target.Reason);
                continue;
            }

            var failedSoFar = exitCode != BuildResult.Success;
            if (ct.IsCancellationRequested && !target.Definition.IsAssuredAfterFailure) continue;
            if (failedSoFar && !MayRunAfterFailure(target)) continue;

            Condition? dynamicFailed;
            try
            {
                dynamicFailed = target.Definition.DynamicConditions.FirstOrDefault(c => !c.Evaluate());
            }
            catch (Exception e)
            {
                // Targets have started: a condition that throws fails its target like an action would.
                var failure = Fail(target, e, "condition threw: ");
                if (exitCode == BuildResult.Success) exitCode = failure;
                continue;
            }
            if (dynamicFailed is not null)
            {
                Skip(target, dynamicFailed.Text);
                Log.Information("Skipping {TargetName}: {Reason}", target.Name, target.Reason);
                continue;
            }

            var result = await RunTargetAsync(target, target.Definition.IsAssuredAfterFailure ? CancellationToken.None : ct);
            if (exitCode == BuildResult.Success && result != BuildResult.Success) exitCode = result;
            if (targetFinished is not null) await targetFinished();
        }
        return ct.IsCancellationRequested ? BuildResult.Aborted : exitCode;
    }

    private static bool MayRunAfterFailure(ExecutableTarget target)
    {
        if (target.Definition.IsAssuredAfterFailure) return true;
        if (!target.Definition.IsProceedAfterFailure) return false;
        return AllDependencies(target).All(d => d.Status is TargetStatus.Succeeded or TargetStatus.Skipped);
    }

    private static IEnumerable<ExecutableTarget> AllDependencies(ExecutableTarget target) =>
        target.Dependencies.SelectMany(d => AllDependencies(d).Append(d)).Distinct();

    private async Task<int> RunTargetAsync(ExecutableTarget target, CancellationToken ct)
    {
        WriteHeader(target);
        context.RunningTarget = target;
        var stopwatch = Stopwatch.StartNew();
        using var _ = LogContext.PushProperty("Target", target.Name);
        try
        {
            foreach (var action in target.Definition.Actions)
            {
                ct.ThrowIfCancellationRequested();
                await action(ct);
            }
            target.Status = TargetStatus.Succeeded;
            return BuildResult.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            target.Status = TargetStatus.Aborted;
            target.Reason = "cancelled";
            Log.Warning("Target {TargetName} was aborted", target.Name);
            return BuildResult.Aborted;
        }
        catch (Exception e)
        {
            return Fail(target, e);
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
            context.RunningTarget = null;
            if (gitHubActions) logging.Output.WriteLine("::endgroup::");
        }
    }

    /// <summary>Marks <paramref name="target"/> failed by <paramref name="e"/>, logs it, and returns the exit code it asks for.</summary>
    private int Fail(ExecutableTarget target, Exception e, string reasonPrefix = "")
    {
        target.Status = TargetStatus.Failed;
        var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e;
        // Masked here too: Reason reaches the summary table and BuildResult, which bypass the log sinks.
        target.Reason = logging.Mask(reasonPrefix + FirstLine(inner.Message));
        if (inner is BuildFailedException failed)
        {
            // The thrower wrote the whole message for the user (e.g. a tool's last lines of output): show all of it.
            var rest = failed.Message.Split('\n', 2) is [_, var more] && more.Trim().Length > 0 ? "\n" + more.TrimEnd() : "";
            Log.Error("Target {TargetName} failed: {Reason}{Details}", target.Name, target.Reason, rest);
            return failed.ExitCode;
        }
        // One clear line on the console; the stack trace goes to the file log (and the console at verbose).
        Log.Error(inner, "Target {TargetName} failed: {Reason}", target.Name, target.Reason);
        return BuildResult.TargetFailed;
    }

    private void WriteHeader(ExecutableTarget target)
    {
        if (gitHubActions) logging.Output.WriteLine($"::group::{target.Name}");
        Log.Verbose("Target {TargetName} started", target.Name); // file log only
        if (context.Verbosity == Verbosity.Quiet) return;
        // Written directly (not as a warning) so minimal verbosity still shows where the build is.
        var rule = new string('─', Math.Max(40, target.Name.Length + 4));
        logging.Output.WriteLine();
        logging.Output.WriteLine(rule);
        logging.Output.WriteLine(target.Name);
        logging.Output.WriteLine(rule);
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? "(no message)" : line;
    }

    private static void Skip(ExecutableTarget target, string reason)
    {
        target.Status = TargetStatus.Skipped;
        target.Reason = reason;
    }
}
