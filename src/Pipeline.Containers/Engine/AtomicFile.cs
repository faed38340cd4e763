namespace Pipeline.Containers.Engine;

/// <summary>Writes files so readers never see half a file: a temp file next to the target, then a rename.</summary>
internal static class AtomicFile
{
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken ct)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, text, ct);
        File.Move(temp, path, overwrite: true);
    }
}
