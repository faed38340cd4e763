using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Python.Index.Throttling;

/// <summary>
/// Parses human byte rates such as <c>600KB</c>, <c>1.5MB</c>, <c>512KiB/s</c> or <c>750000</c> into bytes
/// per second. Decimal units (KB = 1000) follow the way link speeds are quoted; binary units (KiB = 1024)
/// are accepted too.
/// </summary>
public static partial class ByteRate
{
    /// <summary>Bytes per second for <paramref name="text"/>.</summary>
    /// <exception cref="ByteRateFormatException">The text is not a positive number with an optional unit.</exception>
    public static long Parse(string text)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
            throw new ByteRateFormatException(text ?? "");
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var multiplier = match.Groups["u"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1d,
            "K" or "KB" => 1e3,
            "KIB" => 1024d,
            "M" or "MB" => 1e6,
            "MIB" => 1024d * 1024,
            "G" or "GB" => 1e9,
            "GIB" => 1024d * 1024 * 1024,
            _ => throw new ByteRateFormatException(text!),
        };
        var bytes = (long)Math.Round(number * multiplier);
        return bytes > 0 ? bytes : throw new ByteRateFormatException(text!);
    }

    /// <summary>Formats a rate for logs and summaries (e.g. <c>600 KB/s</c>).</summary>
    public static string Format(long bytesPerSecond) => bytesPerSecond switch
    {
        >= 1_000_000 => $"{(bytesPerSecond / 1e6).ToString("0.##", CultureInfo.InvariantCulture)} MB/s",
        >= 1_000 => $"{(bytesPerSecond / 1e3).ToString("0.##", CultureInfo.InvariantCulture)} KB/s",
        _ => $"{bytesPerSecond} B/s",
    };

    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<u>[A-Za-z]*)(/s)?\s*$")]
    private static partial Regex Pattern();
}

/// <summary>A throttle value that is not a byte rate; the message says what is accepted.</summary>
public sealed class ByteRateFormatException(string text)
    : FormatException($"'{text}' is not a byte rate: expected a positive number with an optional unit B, KB, MB, GB (×1000) or KiB, MiB, GiB (×1024), e.g. 600KB or 1.5MB")
{
    /// <summary>The rejected text.</summary>
    public string Text { get; } = text;
}
