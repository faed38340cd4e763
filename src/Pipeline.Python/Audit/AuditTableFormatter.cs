using System.Globalization;
using System.Text;
using Pipeline.IO;

namespace Pipeline.Python.Audit;

/// <summary>Renders an audit table as aligned plain text for the console (no console library needed).</summary>
internal static class AuditTableFormatter
{
    /// <summary>Text shown for a size the lock does not give.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// Formats <paramref name="table"/>; with <paramref name="includeNotForTarget"/> false, excluded rows are left out.
    /// When a shown row's size is unknown, a <c>note</c> column says why (no size in the lock, no file fits, ...).
    /// </summary>
    public static string Format(AuditTable table, bool includeNotForTarget = false)
    {
        var shown = table.Rows.Where(r => includeNotForTarget || r.Installed).ToList();
        // The note explains an unknown size; rows with a size need no note, and tables without unknowns keep 5 columns.
        var withNotes = shown.Any(r => r.SizeBytes is null);
        var rows = shown
            .Select(r => new[] { r.Package, r.Version, r.Source, FormatSize(r.SizeBytes), VerdictText(r.Verdict), r.SizeBytes is null ? r.Note : "" })
            .Select(cells => withNotes ? cells : cells[..^1])
            .ToList();
        string[] header = withNotes ? ["package", "version", "source", "size", "verdict", "note"] : ["package", "version", "source", "size", "verdict"];
        var widths = Enumerable.Range(0, header.Length)
            .Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{table.LockPath} ({table.Target})");
        AppendRow(sb, header, widths);
        AppendRow(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var r in rows)
            AppendRow(sb, r, widths);
        var t = table.Totals;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"total: {t.Packages} packages, {FormatSize(t.KnownBytes)}{UnknownSuffix(t.UnknownSizes)}");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"CUDA:  {t.CudaPackages} packages, {FormatSize(t.CudaKnownBytes)}{UnknownSuffix(t.CudaUnknownSizes)}");
        return sb.ToString();
    }

    /// <summary>Human-readable size (decimal units like pip, two decimals: <c>594.35 MB</c>), or <see cref="Unknown"/>.</summary>
    public static string FormatSize(long? bytes) => bytes is null ? Unknown : ByteSize.Format(bytes.Value, decimals: 2);

    /// <summary>Short verdict text for tables.</summary>
    public static string VerdictText(AuditVerdict verdict) => verdict switch
    {
        AuditVerdict.Ok => "ok",
        AuditVerdict.CpuBuild => "cpu build",
        AuditVerdict.Cuda => "CUDA",
        _ => "not for target",
    };

    private static string UnknownSuffix(int unknown) => unknown == 0 ? "" : $" + {unknown} of {Unknown} size";

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                sb.Append("  ");
            sb.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }
        // An empty last cell (a row without a note) would otherwise leave trailing spaces.
        while (sb.Length > 0 && sb[^1] == ' ')
            sb.Length--;
        sb.AppendLine();
    }
}
