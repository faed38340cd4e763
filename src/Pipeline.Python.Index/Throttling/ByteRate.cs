using System.Globalization;
using Pipeline.IO;

namespace Pipeline.Python.Index.Throttling;

/// <summary>
/// Parses human byte rates such as <c>600KB</c>, <c>1.5MB</c>, <c>512KiB/s</c> or <c>750000</c> into bytes
/// per second. Decimal units (KB = 1000) follow the way link speeds are quoted; binary units (KiB = 1024)
/// are accepted too. The units are <see cref="ByteSize"/>'s, so throttles and size budgets read alike.
/// </summary>
public static class ByteRate
{
    /// <summary>Bytes per second for <paramref name="text"/>: a size as <see cref="ByteSize"/> reads it, optionally followed by <c>/s</c>.</summary>
    /// <exception cref="ByteRateFormatException">The text is not a positive number with an optional unit.</exception>
    public static long Parse(string text)
    {
        var size = (text ?? "").Trim();
        if (size.EndsWith("/s", StringComparison.Ordinal))
            size = size[..^2];
        return ByteSize.TryParse(size, out var bytes) && bytes > 0 ? bytes : throw new ByteRateFormatException(text ?? "");
    }

    /// <summary>Formats a rate for logs and summaries (e.g. <c>600 KB/s</c>).</summary>
    public static string Format(long bytesPerSecond) => bytesPerSecond switch
    {
        >= 1_000_000 => $"{(bytesPerSecond / 1e6).ToString("0.##", CultureInfo.InvariantCulture)} MB/s",
        >= 1_000 => $"{(bytesPerSecond / 1e3).ToString("0.##", CultureInfo.InvariantCulture)} KB/s",
        _ => $"{bytesPerSecond} B/s",
    };
}

/// <summary>A throttle value that is not a byte rate; the message says what is accepted.</summary>
public sealed class ByteRateFormatException(string text)
    : FormatException($"'{text}' is not a byte rate: expected a positive number with an optional unit B, KB, MB, GB, TB (×1000) or KiB, MiB, GiB, TiB (×1024), e.g. 600KB or 1.5MB")
{
    /// <summary>The rejected text.</summary>
    public string Text { get; } = text;
}
