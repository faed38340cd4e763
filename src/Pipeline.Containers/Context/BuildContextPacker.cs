using System.Formats.Tar;

namespace Pipeline.Containers.Context;

/// <summary>
/// Packs a build context folder into a tar (System.Formats.Tar) in a temp file, leaving out what
/// <c>.dockerignore</c> excludes, and sending a rewritten Dockerfile in place of the one on disk
/// (the file on disk is never changed). Owners are 0:0, as the docker CLI sends them.
/// </summary>
internal static class BuildContextPacker
{
    /// <summary>The name a Dockerfile gets in the tar when it lies outside the context folder.</summary>
    public const string OutsideDockerfileName = ".pipeline.Dockerfile";

    /// <summary>
    /// Packs <paramref name="contextDirectory"/>. <paramref name="dockerfilePath"/> (absolute) is sent with
    /// <paramref name="dockerfileText"/> as its content. The tar is a temp file (each build attempt opens it anew,
    /// since the HTTP client disposes what it sends), deleted when the result is disposed.
    /// <paramref name="replacedFiles"/> (context-relative path with <c>/</c> → text) are sent with that text instead of
    /// their content on disk, as the Dockerfile is (a pip.conf pointed at a local proxy: <see cref="DockerfileRewriter.MapPipConfig"/>).
    /// </summary>
    public static async Task<PackedContext> PackAsync(
        string contextDirectory, string dockerfilePath, string dockerfileText, CancellationToken ct,
        IReadOnlyDictionary<string, string>? replacedFiles = null)
    {
        var root = Path.GetFullPath(contextDirectory);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"build context {root} does not exist");
        var ignore = await DockerIgnoreMatcher.ForContextAsync(root, ct);
        var relativeDockerfile = Path.GetRelativePath(root, Path.GetFullPath(dockerfilePath)).Replace('\\', '/');
        var dockerfileInTar = relativeDockerfile.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relativeDockerfile)
            ? OutsideDockerfileName : relativeDockerfile;

        var tarPath = Path.Combine(Path.GetTempPath(), $"pipeline-context-{Guid.NewGuid():N}.tar");
        var packed = new PackedContext(tarPath, dockerfileInTar);
        try
        {
            await using var stream = new FileStream(tarPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
            {
                await AddDirectoryAsync(writer, root, root, ignore, dockerfileInTar, replacedFiles ?? new Dictionary<string, string>(), ct);
                var bytes = System.Text.Encoding.UTF8.GetBytes(dockerfileText);
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, dockerfileInTar)
                {
                    DataStream = new MemoryStream(bytes), Mode = (UnixFileMode)0b110_100_100, Uid = 0, Gid = 0,
                }, ct);
            }
            return packed;
        }
        catch
        {
            packed.Dispose();
            throw;
        }
    }

    private static async Task AddDirectoryAsync(
        TarWriter writer, string root, string directory, DockerIgnoreMatcher ignore, string dockerfileInTar,
        IReadOnlyDictionary<string, string> replacedFiles, CancellationToken ct)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            if (relative == dockerfileInTar) continue; // sent separately, rewritten
            var excluded = ignore.IsExcluded(relative) && relative != ".dockerignore";
            if (entry is DirectoryInfo dir && entry.LinkTarget is null)
            {
                // Like moby: an excluded folder is still walked when an exception might re-include something in it.
                if (excluded && !ignore.HasExceptions) continue;
                if (!excluded) await writer.WriteEntryAsync(NewEntry(TarEntryType.Directory, relative + "/", entry), ct);
                await AddDirectoryAsync(writer, root, dir.FullName, ignore, dockerfileInTar, replacedFiles, ct);
            }
            else if (!excluded)
            {
                if (entry.LinkTarget is { } target)
                {
                    var link = NewEntry(TarEntryType.SymbolicLink, relative, entry);
                    link.LinkName = target;
                    await writer.WriteEntryAsync(link, ct);
                }
                else
                {
                    var file = NewEntry(TarEntryType.RegularFile, relative, entry);
                    await using Stream data = replacedFiles.TryGetValue(relative, out var replaced)
                        ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(replaced))
                        : File.OpenRead(entry.FullName);
                    file.DataStream = data;
                    await writer.WriteEntryAsync(file, ct);
                }
            }
        }
    }

    private static PaxTarEntry NewEntry(TarEntryType type, string name, FileSystemInfo info) => new(type, name)
    {
        // A link's own mode is always rwxrwxrwx (what lstat gives and the docker CLI sends); asking a dangling or
        // looping link for its mode follows it and yields no valid mode.
        Mode = type == TarEntryType.SymbolicLink ? (UnixFileMode)0b111_111_111 : info.UnixFileMode,
        ModificationTime = info.LastWriteTimeUtc,
        Uid = 0,
        Gid = 0,
    };
}
