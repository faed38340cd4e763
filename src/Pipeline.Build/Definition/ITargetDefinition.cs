using System.Runtime.CompilerServices;

namespace Pipeline.Build;

/// <summary>The fluent API used inside a <see cref="Target"/> declaration. Shaped after NUKE's.</summary>
public interface ITargetDefinition
{
    /// <summary>Sets the text shown by <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Adds a synchronous action.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>Adds an asynchronous action.</summary>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>Adds an asynchronous action that observes the build's cancellation (Ctrl+C).</summary>
    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    /// <summary>Targets that must run (and succeed) before this one; they are pulled into the plan.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Component form: targets of an interface the build implements.</summary>
    ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets);

    /// <summary>This target becomes a dependency of the given targets (inverse of <see cref="DependsOn(Target[])"/>).</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>Order only: when both are planned, this target runs after the given ones.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Order only: when both are planned, this target runs before the given ones.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>The given targets are added to the plan and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>This target is added to the plan and runs after any of the given ones.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>
    /// A condition checked for every planned target before any runs; when false the target is skipped
    /// and the condition's source text is the skip reason.
    /// </summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>A condition checked just before the target runs; when false the target is skipped.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>What happens to this target's dependencies when it is skipped.</summary>
    ITargetDefinition WhenSkipped(DependencyBehavior behavior);

    /// <summary>
    /// Requires a member (usually a parameter) to be set; checked for all scheduled targets before
    /// anything runs. Fails with "Target 'X' requires member 'Y' to be not null or empty".
    /// </summary>
    ITargetDefinition Requires<T>(Func<T?> member, [CallerArgumentExpression(nameof(member))] string? memberText = null);

    /// <summary>Requires a condition to hold before anything runs.</summary>
    ITargetDefinition Requires(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? conditionText = null);

    /// <summary>This target still runs after an earlier target failed, unless one of its own dependencies failed.</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target always runs, even after failures (like a <c>finally</c>).</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hides the target from <c>--help</c> (it can still be invoked).</summary>
    ITargetDefinition Unlisted();
}
