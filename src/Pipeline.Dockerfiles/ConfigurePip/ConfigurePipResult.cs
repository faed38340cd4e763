namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>What happened to one Dockerfile.</summary>
public enum FileStatus
{
    /// <summary>Rewritten (or, in a dry run, would be).</summary>
    Changed,

    /// <summary>Already configured: nothing to do.</summary>
    Unchanged,

    /// <summary>Not processed (parse error, unreadable file); left untouched.</summary>
    Failed,
}

/// <summary>The outcome for one Dockerfile.</summary>
/// <param name="DockerfilePath">The file.</param>
/// <param name="Status">Changed, unchanged or failed.</param>
/// <param name="Diff">Unified diff of the change (empty when unchanged or failed).</param>
/// <param name="Changes">Report rows: what changed and why.</param>
/// <param name="Error">The one-line error (<c>file:line: problem</c>) when failed.</param>
public sealed record FileOutcome(string DockerfilePath, FileStatus Status, string Diff, IReadOnlyList<ChangeRow> Changes, string? Error);

/// <summary>The result of the ConfigurePip target.</summary>
/// <param name="Files">One outcome per Dockerfile, in input order.</param>
/// <param name="DryRun">True when nothing was written.</param>
public sealed record ConfigurePipResult(IReadOnlyList<FileOutcome> Files, bool DryRun)
{
    /// <summary>False when any Dockerfile failed (the others were still processed).</summary>
    public bool Success => Files.All(f => f.Status != FileStatus.Failed);

    /// <summary>Every report row of every file, for one table.</summary>
    public IReadOnlyList<ChangeRow> Rows => Files.SelectMany(f => f.Changes).ToList();

    /// <summary>Key figures for the build summary.</summary>
    public IReadOnlyDictionary<string, string> Notes => new Dictionary<string, string>
    {
        ["Dockerfiles"] = Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Changed"] = Files.Count(f => f.Status == FileStatus.Changed).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Unchanged"] = Files.Count(f => f.Status == FileStatus.Unchanged).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Failed"] = Files.Count(f => f.Status == FileStatus.Failed).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mode"] = DryRun ? "dry run (nothing written)" : "written (backups kept)",
    };
}
