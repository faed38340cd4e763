namespace Pipeline.Python.Index.Serving;

/// <summary>One wheel as the index describes it.</summary>
/// <param name="FileName">Wheel file name.</param>
/// <param name="FullPath">Where it is on disk.</param>
/// <param name="Version">Version from the file name (with local label).</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lower-case hex sha256 (the <c>#sha256=</c> fragment).</param>
/// <param name="RequiresPython">The wheel's <c>Requires-Python</c>, or null.</param>
/// <param name="CoreMetadata">The wheel's <c>METADATA</c> bytes (PEP 658), or null when the wheel has none.</param>
/// <param name="CoreMetadataSha256">sha256 of <paramref name="CoreMetadata"/>, or null.</param>
/// <param name="LastModified">File time, for <c>Last-Modified</c>.</param>
internal sealed record ServedFile(
    string FileName,
    string FullPath,
    string Version,
    long Size,
    string Sha256,
    string? RequiresPython,
    byte[]? CoreMetadata,
    string? CoreMetadataSha256,
    DateTimeOffset LastModified);

/// <summary>All files of one project on one index.</summary>
/// <param name="Name">PEP 503 normalised name.</param>
/// <param name="Files">Its wheels, sorted by file name.</param>
internal sealed record ServedProject(string Name, IReadOnlyList<ServedFile> Files);

/// <summary>A snapshot of one index folder.</summary>
/// <param name="Name">Index name (URL segment).</param>
/// <param name="Directory">Wheelhouse folder.</param>
/// <param name="Projects">Normalised name → project, sorted by name.</param>
internal sealed record ServedIndex(string Name, string Directory, IReadOnlyDictionary<string, ServedProject> Projects)
{
    /// <summary>Finds a file by name across projects.</summary>
    public ServedFile? FindFile(string fileName) =>
        Projects.Values.SelectMany(p => p.Files).FirstOrDefault(f => f.FileName == fileName);
}
