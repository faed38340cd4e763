using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.IO;

/// <summary>
/// Sizes as people write them in compose files and parameters (<c>2GB</c>, <c>1.5 GiB</c>, <c>800m</c>)
/// and as reports print them (decimal units, as <c>docker images</c> does). Decimal units (kB, MB, GB, TB,
/// or just k, m, g, t) count in 1000s; binary units (KiB, MiB, GiB, TiB) in 1024s; case is ignored.
/// </summary>
public static partial class ByteSize
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["b"] = 1,
        ["k"] = 1e3, ["kb"] = 1e3, ["m"] = 1e6, ["mb"] = 1e6, ["g"] = 1e9, ["gb"] = 1e9, ["t"] = 1e12, ["tb"] = 1e12,
        ["kib"] = 1024d, ["mib"] = 1024d * 1024, ["gib"] = 1024d * 1024 * 1024, ["tib"] = 1024d * 1024 * 1024 * 1024,
    };

    /// <summary>
    /// Parses <paramref name="text"/> into bytes. <paramref name="source"/> (e.g. <c>docker-compose.yml:12</c>)
    /// names where the value came from in the error.
    /// </summary>
    /// <exception cref="ByteSizeFormatException">The text is not a size.</exception>
    public static long Parse(string text, string source) =>
        TryParse(text, out var bytes) ? bytes : throw new ByteSizeFormatException(source, text ?? "");

    /// <summary>Parses <paramref name="text"/> into bytes; false when it is not a size (or does not fit a long).</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text ?? "");
        if (!match.Success || !Units.TryGetValue(match.Groups["unit"].Value, out var factor)
            || !double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return false;
        var value = Math.Round(number * factor);
        if (value >= long.MaxValue)
            return false;
        bytes = (long)value;
        return true;
    }

    /// <summary>Formats bytes with decimal units: <c>950 B</c>, <c>12.3 MB</c>, <c>1.25 GB</c>.</summary>
    /// <param name="bytes">The size.</param>
    /// <param name="decimals">
    /// Decimals for kB and above; null keeps the default (one for kB and MB, two for GB). Audit tables use 2 to
    /// tell wheels of similar sizes apart (<c>594.35 MB</c>).
    /// </param>
    public static string Format(long bytes, int? decimals = null)
    {
        var magnitude = Math.Abs((double)bytes);
        var sign = bytes < 0 ? "-" : "";
        var (divisor, unit, defaultDecimals) = magnitude switch
        {
            >= 1e9 => (1e9, "GB", 2),
            >= 1e6 => (1e6, "MB", 1),
            >= 1e3 => (1e3, "kB", 1),
            _ => (1d, "B", 0),
        };
        var places = divisor == 1 ? 0 : decimals ?? defaultDecimals;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{(magnitude / divisor).ToString("F" + places, CultureInfo.InvariantCulture)} {unit}");
    }

    /// <summary>A signed delta: <c>+12.3 MB</c>, <c>-1.0 kB</c>, <c>±0 B</c>.</summary>
    public static string FormatDelta(long bytes) => bytes switch
    {
        0 => "±0 B",
        > 0 => "+" + Format(bytes),
        _ => Format(bytes),
    };

    [GeneratedRegex(@"^\s*(?<number>\d+(\.\d+)?)\s*(?<unit>[a-zA-Z]*)\s*$")]
    private static partial Regex SizePattern();
}
