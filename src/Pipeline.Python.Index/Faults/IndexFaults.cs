using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;

namespace Pipeline.Python.Index.Faults;

/// <summary>
/// Faults the index server injects to behave like a slow, lossy upstream (PyPI over a bad link): latency per
/// request, downloads cut off or stalled part-way, and bursts of 503s. Every decision is drawn from
/// <see cref="Seed"/>, the request path and how many times that path was asked for, so a run repeats exactly.
/// Defaults inject nothing. Ranges are declared on the properties; <see cref="Problems"/> checks them.
/// </summary>
public sealed record IndexFaults
{
    /// <summary>No faults (the default of every option).</summary>
    public static IndexFaults None { get; } = new();

    /// <summary>Delay before every response starts (0 to 10 min). Default none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Latency { get; init; }

    /// <summary>Fraction of file downloads (200 or 206 bodies) cut off mid-transfer, 0 to 1. Default 0.</summary>
    [Range(0.0, 1.0)]
    public double Drop { get; init; }

    /// <summary>How far into the body a dropped or stalled download is cut, as a fraction of it (0 to 1). Default 0.5.</summary>
    [Range(0.0, 1.0)]
    public double DropAfter { get; init; } = 0.5;

    /// <summary>
    /// Fraction of file downloads that stop sending at <see cref="DropAfter"/>, keep the connection open for
    /// <see cref="StallDuration"/>, then close it (0 to 1). Default 0.
    /// </summary>
    [Range(0.0, 1.0)]
    public double Stall { get; init; }

    /// <summary>How long a stalled download stays silent before the connection closes (0 to 1 h). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StallDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first N requests of every path answer 503 Service Unavailable (0 to 100). Default 0.</summary>
    [Range(0, 100)]
    public int ErrorBurst { get; init; }

    /// <summary>Seed of the drop and stall decisions. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>True when any fault is configured.</summary>
    public bool Any => Latency > TimeSpan.Zero || Drop > 0 || Stall > 0 || ErrorBurst > 0;

    /// <summary>Every out-of-range value, one line each; empty when usable.</summary>
    public IReadOnlyList<string> Problems() => OptionsValidator.Problems(this);

    /// <summary>One line for logs and summaries, e.g. <c>drop 30% at 50%, latency 200 ms</c>.</summary>
    public string Describe()
    {
        if (!Any)
            return "none";
        var parts = new List<string>();
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (Latency > TimeSpan.Zero) parts.Add(string.Create(c, $"latency {Latency.TotalMilliseconds:0} ms"));
        if (Drop > 0) parts.Add(string.Create(c, $"drop {Drop * 100:0.#}% at {DropAfter * 100:0.#}%"));
        if (Stall > 0) parts.Add(string.Create(c, $"stall {Stall * 100:0.#}% for {StallDuration.TotalSeconds:0.#} s"));
        if (ErrorBurst > 0) parts.Add($"first {ErrorBurst} request(s) per path answer 503");
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{string.Join(", ", parts)} (seed {Seed})");
    }
}
