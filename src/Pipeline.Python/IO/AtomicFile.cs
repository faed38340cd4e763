namespace Pipeline.Python.IO;

/// <summary>Writes files so they are never half-written: temp file in the same folder, then rename.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/>. With <paramref name="keepBackup"/> an
    /// existing file is first copied to <c>path.bak</c> (user files such as pyproject.toml).
    /// </summary>
    public static async Task WriteAsync(string path, string content, bool keepBackup, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, content, ct).ConfigureAwait(false);
            if (keepBackup && File.Exists(full))
                File.Copy(full, full + ".bak", overwrite: true);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
