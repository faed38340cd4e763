using System.Text;
using Pipeline.Python.Markers;
using Pipeline.Packaging;

namespace Pipeline.Python.Pip;

/// <summary>
/// Writes a hash-pinned requirements lock from resolved packages: <c>name==version --hash=sha256:...</c>,
/// each preceded by a <c># source: URL</c> comment naming the public index it belongs to (read back by the
/// auditor). The lock carries no <c>--index-url</c>: an option in the file would override the installer's own
/// index (a build's mirror) and would write a machine-local address into the project. Pure: returns the text.
/// </summary>
internal static class PipLockWriter
{
    /// <summary>Renders the lock; packages are sorted by normalized name so re-locking gives stable diffs.</summary>
    /// <param name="packages">What pip resolved.</param>
    /// <param name="header">The header comment (Python, indexes, fingerprint).</param>
    /// <param name="sourceOf">The public index (or direct URL) a package is recorded as coming from.</param>
    public static string Write(IReadOnlyList<PipResolvedPackage> packages, LockHeader header, Func<PipResolvedPackage, string> sourceOf)
    {
        var sb = new StringBuilder(header.Render());
        foreach (var p in packages.OrderBy(p => ProjectName.Normalize(p.Name), StringComparer.Ordinal))
        {
            sb.Append('\n').Append("# source: ").Append(sourceOf(p)).Append('\n');
            var pin = p.IsDirect ? $"{p.Name} @ {p.Url}" : $"{p.Name}=={p.Version}";
            sb.Append(pin);
            if (p.Sha256 is not null)
                sb.Append(" \\\n    --hash=sha256:").Append(p.Sha256);
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
