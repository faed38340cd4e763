using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Python.Markers;

/// <summary>
/// A PEP 440 version reduced to what marker evaluation and lock auditing compare: epoch, release numbers,
/// pre/post/dev parts, and the local label (<c>+cpu</c>) which matters to tell CPU from CUDA builds of torch.
/// </summary>
public sealed partial class PythonVersion : IComparable<PythonVersion>
{
    private PythonVersion(string text, int epoch, int[] release, (int Kind, int Number)? pre, int? post, int? dev, string? local)
    {
        Text = text;
        Epoch = epoch;
        Release = release;
        Pre = pre;
        Post = post;
        Dev = dev;
        Local = local;
    }

    /// <summary>The version as written.</summary>
    public string Text { get; }

    /// <summary>The epoch (<c>1!</c>), 0 when absent.</summary>
    public int Epoch { get; }

    /// <summary>The release numbers, e.g. [3, 11, 4].</summary>
    public IReadOnlyList<int> Release { get; }

    /// <summary>Pre-release kind (0 a, 1 b, 2 rc) and number, if any.</summary>
    public (int Kind, int Number)? Pre { get; }

    /// <summary>Post-release number, if any.</summary>
    public int? Post { get; }

    /// <summary>Dev-release number, if any.</summary>
    public int? Dev { get; }

    /// <summary>The local label after <c>+</c> (e.g. <c>cpu</c>, <c>cu124</c>), if any.</summary>
    public string? Local { get; }

    /// <summary>Parses a PEP 440 version; returns null when <paramref name="text"/> is not one.</summary>
    public static PythonVersion? TryParse(string text)
    {
        var m = VersionPattern().Match(text.Trim());
        if (!m.Success)
            return null;
        var release = m.Groups["release"].Value.Split('.').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        (int, int)? pre = null;
        if (m.Groups["prel"].Success)
        {
            var kind = m.Groups["prel"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => 0,
                "b" or "beta" => 1,
                _ => 2,
            };
            pre = (kind, ParseOrZero(m.Groups["pren"].Value));
        }
        int? post = m.Groups["post"].Success ? ParseOrZero(m.Groups["postn"].Value + m.Groups["postn2"].Value) : null;
        int? dev = m.Groups["dev"].Success ? ParseOrZero(m.Groups["devn"].Value) : null;
        var local = m.Groups["local"].Success ? m.Groups["local"].Value.ToLowerInvariant() : null;
        var epoch = m.Groups["epoch"].Success ? int.Parse(m.Groups["epoch"].Value, CultureInfo.InvariantCulture) : 0;
        return new PythonVersion(text.Trim(), epoch, release, pre, post, dev, local);
    }

    /// <summary>The version without its local label, e.g. <c>2.5.1</c> for <c>2.5.1+cpu</c>.</summary>
    public string Public => Local is null ? Text : Text[..Text.IndexOf('+')];

    /// <inheritdoc />
    public int CompareTo(PythonVersion? other)
    {
        if (other is null)
            return 1;
        var c = Epoch.CompareTo(other.Epoch);
        if (c != 0)
            return c;
        c = CompareRelease(Release, other.Release);
        if (c != 0)
            return c;
        c = PreKey(this).CompareTo(PreKey(other));
        if (c != 0)
            return c;
        c = (Post ?? -1).CompareTo(other.Post ?? -1);
        if (c != 0)
            return c;
        c = (Dev ?? int.MaxValue).CompareTo(other.Dev ?? int.MaxValue);
        if (c != 0)
            return c;
        return string.CompareOrdinal(Local ?? "", other.Local ?? "");
    }

    /// <summary>Compares release numbers, padding the shorter with zeros (3.11 == 3.11.0).</summary>
    public static int CompareRelease(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var c = (i < a.Count ? a[i] : 0).CompareTo(i < b.Count ? b[i] : 0);
            if (c != 0)
                return c;
        }
        return 0;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // A dev release without pre sorts before any pre-release of the same version; a final release after all.
    private static (int, int) PreKey(PythonVersion v) =>
        v.Pre ?? (v.Dev is not null && v.Post is null ? (-1, 0) : (int.MaxValue, 0));

    private static int ParseOrZero(string s) => s.Length == 0 ? 0 : int.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^v?(?:(?<epoch>\d+)!)?(?<release>\d+(?:\.\d+)*)(?:[-_.]?(?<prel>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pren>\d*))?(?:(?<post>-(?<postn2>\d+)|[-_.]?(?:post|rev|r)[-_.]?(?<postn>\d*)))?(?:[-_.]?(?<dev>dev)[-_.]?(?<devn>\d*))?(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
