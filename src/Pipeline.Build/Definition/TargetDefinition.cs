namespace Pipeline.Build;

/// <summary>Collects what a target declaration says; read by the planner and the executor.</summary>
internal sealed class TargetDefinition(PipelineBuild build) : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Condition> StaticConditions { get; } = [];
    public List<Condition> DynamicConditions { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public DependencyBehavior SkippedDependencyBehavior { get; private set; } = DependencyBehavior.Execute;
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(_ => { action(); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action) { Actions.Add(_ => action()); return this; }

    public ITargetDefinition Executes(Func<CancellationToken, Task> action) { Actions.Add(action); return this; }

    public ITargetDefinition DependsOn(params Target[] targets) { DependsOnTargets.AddRange(targets); return this; }

    public ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets)
    {
        if (build is not T component)
            throw new BuildDefinitionException($"{build.GetType().Name} does not implement {typeof(T).Name}, so it cannot depend on its targets");
        DependsOnTargets.AddRange(targets.Select(t => t(component)));
        return this;
    }

    public ITargetDefinition DependentFor(params Target[] targets) { DependentForTargets.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { AfterTargets.AddRange(targets); return this; }
    public ITargetDefinition Before(params Target[] targets) { BeforeTargets.AddRange(targets); return this; }
    public ITargetDefinition Triggers(params Target[] targets) { TriggersTargets.AddRange(targets); return this; }
    public ITargetDefinition TriggeredBy(params Target[] targets) { TriggeredByTargets.AddRange(targets); return this; }

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? conditionText = null)
    {
        StaticConditions.Add(new Condition(condition, SourceText.Clean(conditionText)));
        return this;
    }

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? conditionText = null)
    {
        DynamicConditions.Add(new Condition(condition, SourceText.Clean(conditionText)));
        return this;
    }

    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) { SkippedDependencyBehavior = behavior; return this; }

    public ITargetDefinition Requires<T>(Func<T?> member, string? memberText = null)
    {
        var name = SourceText.MemberName(memberText);
        Requirements.Add(new Requirement(() => member() switch
        {
            null => false,
            string s => !string.IsNullOrWhiteSpace(s),
            System.Collections.ICollection c => c.Count > 0,
            _ => true,
        }, $"requires member '{name}' to be not null or empty"));
        return this;
    }

    public ITargetDefinition Requires(Func<bool> condition, string? conditionText = null)
    {
        Requirements.Add(new Requirement(condition, $"requires '{SourceText.Clean(conditionText)}'"));
        return this;
    }

    public ITargetDefinition ProceedAfterFailure() { IsProceedAfterFailure = true; return this; }
    public ITargetDefinition AssuredAfterFailure() { IsAssuredAfterFailure = true; return this; }
    public ITargetDefinition Unlisted() { IsUnlisted = true; return this; }
}

/// <summary>A condition with the source text that explains it.</summary>
internal sealed record Condition(Func<bool> Evaluate, string Text);

/// <summary>A requirement and the sentence fragment used when it fails.</summary>
internal sealed record Requirement(Func<bool> IsMet, string FailureText);
