namespace Pipeline.Python.Index.Building;

/// <summary>One wheel of the wheelhouse, as a report row.</summary>
/// <param name="Index">Index name (sub-folder) the wheel is served from.</param>
/// <param name="FileName">Wheel file name.</param>
/// <param name="Bytes">Size on disk.</param>
/// <param name="Sha256">Lower-case hex sha256 of the file (what pip's <c>--hash</c> checks).</param>
/// <param name="Built">True when written by this run, false when an identical wheel was already there.</param>
public sealed record WheelhouseRow(string Index, string FileName, long Bytes, string Sha256, bool Built);

/// <summary>What <see cref="WheelhouseBuilder.BuildAsync"/> did.</summary>
public sealed record WheelhouseResult
{
    /// <summary>One row per wheel per index, in catalogue order.</summary>
    public required IReadOnlyList<WheelhouseRow> Rows { get; init; }

    /// <summary>Index name → folder holding its wheels (pass these to <c>PackageIndexOptions.Indexes</c>).</summary>
    public required IReadOnlyDictionary<string, string> IndexDirectories { get; init; }

    /// <summary>Wheels written by this run.</summary>
    public int Built => Rows.Count(r => r.Built);

    /// <summary>Wheels left as they were because their content hash was unchanged.</summary>
    public int Skipped => Rows.Count(r => !r.Built);

    /// <summary>Total bytes of wheels per index.</summary>
    public IReadOnlyDictionary<string, long> BytesPerIndex =>
        Rows.GroupBy(r => r.Index).ToDictionary(g => g.Key, g => g.Sum(r => r.Bytes));

    /// <summary>Stale wheels deleted because the catalogue no longer lists them.</summary>
    public IReadOnlyList<string> Pruned { get; init; } = [];

    /// <summary>A few key/value lines for the build summary.</summary>
    public required IReadOnlyDictionary<string, string> Notes { get; init; }
}
