namespace Pipeline.Dockerfiles.IO;

/// <summary>
/// Replaces a file without ever leaving it half-written: the new content goes to a temporary file in
/// the same directory, which is then renamed over the original. The previous content is kept as a backup.
/// </summary>
public static class AtomicFileWriter
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, keeping the old file as <paramref name="backupPath"/>.</summary>
    public static async Task WriteAsync(string path, byte[] content, string? backupPath, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            if (File.Exists(path))
            {
                TryKeepMode(path, temp);
                if (backupPath is not null)
                    File.Copy(path, backupPath, overwrite: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private static void TryKeepMode(string original, string replacement)
    {
        if (OperatingSystem.IsWindows())
            return;
        File.SetUnixFileMode(replacement, File.GetUnixFileMode(original));
    }
}
