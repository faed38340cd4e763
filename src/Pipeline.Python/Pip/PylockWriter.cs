using System.Text;
using Pipeline.Python.Markers;
using Pipeline.Packaging;

namespace Pipeline.Python.Pip;

/// <summary>
/// Writes a PEP 751 <c>pylock.toml</c> from the same pip resolution as the requirements lock: one
/// <c>[[packages]]</c> per package with <c>name</c>, <c>version</c>, <c>index</c> (the public index) and the
/// wheel pip chose (<c>name</c>, <c>hashes</c>). Pure: returns the text.
/// </summary>
/// <remarks>
/// A file's <c>url</c> is written only when it is public: a wheel fetched from a local mirror or proxy
/// (loopback, <c>file:</c>) is recorded by name and hash under its package's <c>index</c>, which PEP 751 lets
/// installers use to find the file, rather than by a machine-local address.
/// </remarks>
internal static class PylockWriter
{
    /// <summary>Renders the lock for <paramref name="header"/>'s target; packages sorted by normalized name.</summary>
    public static string Write(IReadOnlyList<PipResolvedPackage> packages, LockHeader header, Func<PipResolvedPackage, string> sourceOf)
    {
        var t = header.Target;
        var sb = new StringBuilder(header.Render());
        sb.Append("lock-version = \"1.0\"\n");
        sb.Append("environments = [").Append(Quote(
            $"python_version == '{t.PythonVersion}' and sys_platform == '{t.SysPlatform}' and platform_machine == '{t.PlatformMachine}'")).Append("]\n");
        sb.Append("created-by = \"pipeline-lockcpu\"\n");
        foreach (var p in packages.OrderBy(p => ProjectName.Normalize(p.Name), StringComparer.Ordinal))
        {
            sb.Append("\n[[packages]]\n");
            sb.Append("name = ").Append(Quote(ProjectName.Normalize(p.Name))).Append('\n');
            if (p.IsDirect)
            {
                sb.Append("archive = { url = ").Append(Quote(p.Url));
                if (p.Sha256 is not null) sb.Append(", hashes = { sha256 = ").Append(Quote(p.Sha256)).Append(" }");
                sb.Append(" }\n");
                continue;
            }
            sb.Append("version = ").Append(Quote(p.Version)).Append('\n');
            sb.Append("index = ").Append(Quote(sourceOf(p))).Append('\n');
            var fileName = Uri.UnescapeDataString(p.Url[(p.Url.LastIndexOf('/') + 1)..].Split('#')[0]);
            var kind = fileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) ? "wheels = [{ " : "sdist = { ";
            sb.Append(kind).Append("name = ").Append(Quote(fileName));
            if (IsPublic(p.Url)) sb.Append(", url = ").Append(Quote(p.Url));
            if (p.Sha256 is not null) sb.Append(", hashes = { sha256 = ").Append(Quote(p.Sha256)).Append(" }");
            sb.Append(kind.StartsWith("wheels", StringComparison.Ordinal) ? " }]\n" : " }\n");
        }
        return sb.ToString();
    }

    /// <summary>False for addresses that only mean something on this machine (loopback, <c>file:</c>).</summary>
    public static bool IsPublic(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && !u.IsLoopback
        && !string.Equals(u.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
