using System.Text;

namespace Pipeline.IO;

/// <summary>
/// Replaces files so that no reader ever sees half of one: the content goes to a hidden temp file in the
/// same folder (same file system, so the rename is atomic), is flushed to disk, and is then renamed over the
/// target. The temp file is deleted when anything fails. Rewritten user files can keep a backup.
/// </summary>
public static class AtomicFile
{
    /// <summary>The usual suffix of backups of rewritten user files (<c>pyproject.toml.bak</c>).</summary>
    public const string DefaultBackupSuffix = ".bak";

    private const int BufferBytes = 1 << 16;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> as UTF-8 without BOM to <paramref name="path"/>, without a backup.</summary>
    public static Task WriteAllTextAsync(string path, string content, CancellationToken ct) =>
        WriteAllTextAsync(path, content, backupSuffix: null, ct);

    /// <summary>
    /// Writes <paramref name="content"/> as UTF-8 without BOM to <paramref name="path"/>. With a
    /// <paramref name="backupSuffix"/> (e.g. <see cref="DefaultBackupSuffix"/>) an existing file is first
    /// copied to <c>path + backupSuffix</c>; null or empty keeps no backup.
    /// </summary>
    public static Task WriteAllTextAsync(string path, string content, string? backupSuffix, CancellationToken ct) =>
        WriteAllBytesAsync(path, Utf8NoBom.GetBytes(content), backupSuffix, ct);

    /// <summary>
    /// Writes exactly <paramref name="content"/> to <paramref name="path"/>, for callers that encode text
    /// themselves (to keep a file's own encoding and line endings). See
    /// <see cref="WriteAllTextAsync(string, string, string?, CancellationToken)"/> for <paramref name="backupSuffix"/>.
    /// </summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, string? backupSuffix, CancellationToken ct) =>
        WriteAsync(path, (stream, token) => stream.WriteAsync(content, token).AsTask(), backupSuffix, ct);

    /// <summary>
    /// Lets <paramref name="write"/> fill a fresh (readable, seekable) stream, then puts the result in place of
    /// <paramref name="path"/>, creating its folder. The new file keeps the Unix permissions of the one it
    /// replaces. See <see cref="WriteAllTextAsync(string, string, string?, CancellationToken)"/> for
    /// <paramref name="backupSuffix"/>.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, string? backupSuffix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferBytes, FileOptions.Asynchronous))
            {
                await write(stream, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true); // the rename must not land before the bytes do
            }
            if (File.Exists(full))
            {
                KeepUnixMode(full, temp);
                if (!string.IsNullOrEmpty(backupSuffix))
                    File.Copy(full, full + backupSuffix, overwrite: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private static void KeepUnixMode(string original, string replacement)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(replacement, File.GetUnixFileMode(original));
    }
}
