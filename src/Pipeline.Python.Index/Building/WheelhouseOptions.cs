using System.ComponentModel.DataAnnotations;

namespace Pipeline.Python.Index.Building;

/// <summary>Everything <see cref="WheelhouseBuilder"/> needs; each number declares its default and valid range once, on the property.</summary>
public sealed record WheelhouseOptions
{
    /// <summary>Root folder; each index gets a sub-folder (<c>pypi/</c>, <c>cpu/</c>) of wheels.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Wheel size = real size × this factor. Default 1/100 (the CUDA torch set weighs about 31 MB).</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double ScaleFactor { get; init; } = 0.01;

    /// <summary>Seed of the filler bytes; change it to get different (still deterministic) hashes. Default 2024_10_29.</summary>
    public ulong Seed { get; init; } = 2024_10_29;

    /// <summary>Only build wheels for these indexes; null builds every index of the catalogue.</summary>
    public IReadOnlyCollection<string>? Indexes { get; init; }

    /// <summary>Delete wheels this builder made earlier that the catalogue no longer lists. Default true.</summary>
    public bool PruneStaleWheels { get; init; } = true;

    /// <summary>Buffer size used to write filler bytes. Default 1 MiB.</summary>
    [Range(1, 64 << 20)]
    public int WriteChunkBytes { get; init; } = 1 << 20;

    /// <summary>Where progress goes; default <see cref="Serilog.Log.Logger"/>.</summary>
    public Serilog.ILogger? Logger { get; init; }
}
