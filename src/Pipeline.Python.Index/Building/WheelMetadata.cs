using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Python.Index.Catalog;
using Pipeline.Packaging;

namespace Pipeline.Python.Index.Building;

/// <summary>The <c>.dist-info</c> texts of a stand-in wheel (core metadata 2.1, WHEEL, RECORD lines).</summary>
public static partial class WheelMetadata
{
    /// <summary>The <c>{name}-{version}.dist-info</c> folder name.</summary>
    public static string DistInfoFolder(CatalogueEntry entry) =>
        $"{ProjectName.ToWheelComponent(entry.Name)}-{entry.FullVersion}.dist-info";

    /// <summary>The file name of the wheel for <paramref name="entry"/>.</summary>
    public static string FileName(CatalogueEntry entry) =>
        WheelFileName.For(entry.Name, entry.FullVersion, entry.Tag).FileName;

    /// <summary>The <c>METADATA</c> file: what pip reads to resolve dependencies.</summary>
    public static string Metadata(CatalogueEntry entry)
    {
        var text = new StringBuilder()
            .Append("Metadata-Version: 2.1\n")
            .Append($"Name: {entry.Name}\n")
            .Append($"Version: {entry.FullVersion}\n")
            .Append($"Summary: {StandInSources.Marker}: stand-in for {entry.Name} {entry.FullVersion}, not the real package\n");
        if (entry.RequiresPython is not null)
            text.Append($"Requires-Python: {entry.RequiresPython}\n");
        // pip ignores a requested extra (uvicorn[standard], psycopg[binary]) that the metadata does not declare,
        // so every extra named in a Requires-Dist marker is declared, as the real wheels do.
        foreach (var extra in ProvidedExtras(entry))
            text.Append($"Provides-Extra: {extra}\n");
        foreach (var requirement in entry.RequiresDist)
            text.Append($"Requires-Dist: {requirement}\n");
        return text.Append('\n').Append($"{StandInSources.Marker}. Real wheel size: {entry.Size} bytes ({entry.SizeSource}).\n").ToString();
    }

    /// <summary>The extras named in <paramref name="entry"/>'s <c>Requires-Dist</c> markers, in first-use order.</summary>
    internal static IReadOnlyList<string> ProvidedExtras(CatalogueEntry entry) =>
        entry.RequiresDist.SelectMany(r => ExtraMarker().Matches(r).Select(m => m.Groups["extra"].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\bextra\s*==\s*(?<q>[""'])(?<extra>[^""']+)\k<q>")]
    private static partial Regex ExtraMarker();

    /// <summary>The <c>WHEEL</c> file. Platform-tagged wheels are platlib, like the real ones.</summary>
    public static string Wheel(CatalogueEntry entry) =>
        "Wheel-Version: 1.0\n" +
        "Generator: Pipeline.Python.Index\n" +
        $"Root-Is-Purelib: {(entry.Tag.EndsWith("-any", StringComparison.Ordinal) ? "true" : "false")}\n" +
        $"Tag: {entry.Tag}\n";

    /// <summary>One <c>RECORD</c> line: path, urlsafe-base64 sha256 without padding, size.</summary>
    public static string RecordLine(string path, byte[] sha256, long size) =>
        $"{path},sha256={Convert.ToBase64String(sha256).TrimEnd('=').Replace('+', '-').Replace('/', '_')},{size}\n";
}
