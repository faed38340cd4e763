namespace Pipeline.Build;

/// <summary>A discovered target: its name, declaration, and (after a run) its outcome.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, int declarationIndex, string declaredBy, TargetDefinition definition)
    {
        Name = name;
        DeclarationIndex = declarationIndex;
        DeclaredBy = declaredBy;
        Definition = definition;
    }

    /// <summary>The property name.</summary>
    public string Name { get; }

    /// <summary>Position in declaration order (base classes first, then interfaces); breaks ordering ties.</summary>
    public int DeclarationIndex { get; }

    /// <summary>The type that declares the property (a class or a component interface).</summary>
    public string DeclaredBy { get; }

    /// <summary>The description given with <c>Description(...)</c>, if any.</summary>
    public string? Description => Definition.DescriptionText;

    /// <summary>Whether the target is hidden from help.</summary>
    public bool IsUnlisted => Definition.IsUnlisted;

    /// <summary>Direct dependencies (DependsOn plus inverse DependentFor), resolved after discovery.</summary>
    public IReadOnlyList<ExecutableTarget> Dependencies { get; internal set; } = [];

    /// <summary>Targets that must run before this one when both are planned (After plus inverse Before).</summary>
    public IReadOnlyList<ExecutableTarget> OrderedAfter { get; internal set; } = [];

    /// <summary>Targets this one triggers (Triggers plus inverse TriggeredBy).</summary>
    public IReadOnlyList<ExecutableTarget> Triggered { get; internal set; } = [];

    /// <summary>The outcome after a run.</summary>
    public TargetStatus Status { get; internal set; } = TargetStatus.NotRun;

    /// <summary>How long the actions took.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Why the target was skipped, or why it failed (one line).</summary>
    public string? Reason { get; internal set; }

    /// <summary>Key/value notes the target reported for the summary table.</summary>
    public IReadOnlyDictionary<string, string> SummaryNotes => Notes;

    internal Dictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    internal TargetDefinition Definition { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
