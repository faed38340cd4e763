using System.Globalization;
using System.Text;

namespace Pipeline.Python.Audit;

/// <summary>Renders an audit table as aligned plain text for the console (no console library needed).</summary>
public static class AuditTableFormatter
{
    /// <summary>Text shown for a size the lock does not give.</summary>
    public const string Unknown = "unknown";

    /// <summary>Formats <paramref name="table"/>; with <paramref name="includeNotForTarget"/> false, excluded rows are left out.</summary>
    public static string Format(AuditTable table, bool includeNotForTarget = false)
    {
        var rows = table.Rows.Where(r => includeNotForTarget || r.Installed)
            .Select(r => new[] { r.Package, r.Version, r.Source, FormatSize(r.SizeBytes), VerdictText(r.Verdict) })
            .ToList();
        string[] header = ["package", "version", "source", "size", "verdict"];
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

    /// <summary>Human-readable size (B, KB, MB, GB; decimal units like pip), or <see cref="Unknown"/>.</summary>
    public static string FormatSize(long? bytes)
    {
        if (bytes is null)
            return Unknown;
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes.Value;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[unit];
    }

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
        sb.AppendLine();
    }
}
