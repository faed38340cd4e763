namespace Pipeline.Build;

/// <summary>Moves the previous <c>build.log</c> aside with a timestamp and keeps the newest five copies.</summary>
internal static class LogFileRotation
{
    public const int KeptCopies = 5;

    public static void Rotate(string logFile)
    {
        var directory = Path.GetDirectoryName(logFile)!;
        Directory.CreateDirectory(directory);
        if (File.Exists(logFile))
        {
            var stamp = File.GetLastWriteTimeUtc(logFile).ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
            var name = Path.GetFileNameWithoutExtension(logFile);
            var target = Path.Combine(directory, $"{name}.{stamp}{Path.GetExtension(logFile)}");
            File.Move(logFile, target, overwrite: true);
        }

        var pattern = $"{Path.GetFileNameWithoutExtension(logFile)}.*{Path.GetExtension(logFile)}";
        foreach (var old in Directory.GetFiles(directory, pattern).OrderByDescending(f => f, StringComparer.Ordinal).Skip(KeptCopies))
            File.Delete(old);
    }
}
