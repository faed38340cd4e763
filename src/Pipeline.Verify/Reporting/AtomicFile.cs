using System.Text;

namespace Pipeline.Verify.Reporting;

/// <summary>Writes files so readers never see half of one: write a temp file beside it, then rename over.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> (UTF-8, no BOM) to <paramref name="path"/>, creating folders.</summary>
    public static async Task WriteAllTextAsync(string path, string content, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, content, new UTF8Encoding(false), ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
