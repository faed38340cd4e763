namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>What kind of change a report row describes.</summary>
public enum ChangeKind
{
    /// <summary>Something was added.</summary>
    Added,

    /// <summary>Something was removed.</summary>
    Removed,

    /// <summary>Something was changed in place.</summary>
    Modified,

    /// <summary>Nothing changed; something the user should know.</summary>
    Note,
}

/// <summary>One row of the per-file report: what changed, where, and why.</summary>
/// <param name="File">The Dockerfile.</param>
/// <param name="Stage">The stage label (name or <c>#index</c>).</param>
/// <param name="Line">1-based line in the original file.</param>
/// <param name="Kind">Added, removed, modified or a note.</param>
/// <param name="Change">What was done.</param>
/// <param name="Reason">Why.</param>
public sealed record ChangeRow(string File, string Stage, int Line, ChangeKind Kind, string Change, string Reason);
