using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Python.Index.Proxy;

/// <summary>
/// The package store on disk, shared by every process that points at the same folder:
/// <c>files/sha256/ab/abcd…</c> (complete, verified files by content hash), <c>metadata/</c>, <c>pages/</c>,
/// <c>tmp/</c> (downloads in progress, renamed into place only when verified) and <c>locks/</c> (one lock file per
/// file being downloaded, so two processes never download the same file at once).
/// </summary>
internal sealed class FileStore
{
    public FileStore(string root)
    {
        Root = Path.GetFullPath(root);
        foreach (var folder in new[] { "files", "metadata", "pages", "tmp", "locks" })
            Directory.CreateDirectory(Path.Combine(Root, folder));
    }

    public string Root { get; }

    /// <summary>The store key of a file: its sha256, or (when the index gives none) a hash of its URL.</summary>
    public static string KeyOf(UpstreamFile file) => file.Sha256 ?? "url-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.Url)))[..40];

    public string FilePath(string key) => Path.Combine(Root, "files", "sha256", key[..2], key);

    public bool Has(string key) => File.Exists(FilePath(key));

    public string MetadataPath(string key) => Path.Combine(Root, "metadata", key + ".metadata");

    public string PagePath(Upstream upstream, string project) => Path.Combine(Root, "pages", upstream.StoreKey, project + ".json");

    public string PageFolder(Upstream upstream) => Path.Combine(Root, "pages", upstream.StoreKey);

    public string NewTempPath(string key) => Path.Combine(Root, "tmp", $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.part");

    /// <summary>
    /// Takes the cross-process download lock of <paramref name="key"/>, or returns null when another process holds
    /// it. .NET takes an exclusive flock for <see cref="FileShare.None"/>; the kernel drops it if the process dies.
    /// </summary>
    public FileStream? TryLock(string key)
    {
        try
        {
            return new FileStream(Path.Combine(Root, "locks", key + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Moves a verified temp file into place; if another process got there first, its copy stays.</summary>
    public string Commit(string tempPath, string key)
    {
        var final = FilePath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        try
        {
            File.Move(tempPath, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
            File.Delete(tempPath);
        }
        return final;
    }
}

/// <summary>One upstream simple index.</summary>
/// <param name="Name">The proxy's URL segment for it (<c>main</c> or <c>cpu</c>).</param>
/// <param name="Root">Its simple root, ending in '/'.</param>
/// <param name="Namespace">What names its pages in the store (the URL unless the options say otherwise).</param>
internal sealed record Upstream(string Name, Uri Root, string Namespace)
{
    /// <summary>Folder name of its cached pages: pages of different upstreams never mix.</summary>
    public string StoreKey { get; } = Name + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Namespace)))[..12];

    public Uri PageUrl(string project) => new(Root, project + "/");

    public static Upstream Of(string name, Uri root, string? pageNamespace)
    {
        var normalized = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
        return new(name, normalized, pageNamespace is null ? normalized.AbsoluteUri : $"{pageNamespace}/{name}");
    }
}
