using Pipeline.Python.Index.Building;

namespace Pipeline.Python.Index.Mirroring;

/// <summary>What a <see cref="MirrorRunner"/> session did.</summary>
public sealed record MirrorResult
{
    /// <summary>The wheelhouse's wheels (report rows).</summary>
    public required IReadOnlyList<WheelhouseRow> Wheels { get; init; }

    /// <summary>Requests answered while serving.</summary>
    public required int Requests { get; init; }

    /// <summary>Response bytes sent while serving.</summary>
    public required long BytesSent { get; init; }

    /// <summary>Key/value lines for the build summary (URLs, wheel counts, traffic).</summary>
    public required IReadOnlyDictionary<string, string> Notes { get; init; }
}
