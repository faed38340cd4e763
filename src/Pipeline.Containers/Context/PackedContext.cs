namespace Pipeline.Containers.Context;

/// <summary>A build context packed into a temp tar file; disposing deletes the file.</summary>
/// <param name="TarPath">The tar file.</param>
/// <param name="DockerfileInTar">The Dockerfile's path inside the tar (for <c>ImageBuildParameters.Dockerfile</c>).</param>
internal sealed record PackedContext(string TarPath, string DockerfileInTar) : IDisposable
{
    /// <summary>Opens the tar for one upload.</summary>
    public Stream Open() => new FileStream(TarPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    /// <summary>The tar's size in bytes.</summary>
    public long Length => new FileInfo(TarPath).Length;

    /// <inheritdoc />
    public void Dispose() => File.Delete(TarPath);
}
