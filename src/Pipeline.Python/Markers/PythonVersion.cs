using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Python.Markers;

/// <summary>
/// A PEP 440 version reduced to what marker evaluation and lock auditing compare: epoch, release numbers,
/// pre/post/dev parts, and the local label (<c>+cpu</c>) which matters to tell CPU from CUDA builds of torch.
/// </summary>
public sealed partial class PythonVersion : IComparable<PythonVersion>
{
    private PythonVersion(string text, long epoch, long[] release, (int Kind, long Number)? pre, long? post, long? dev, string? local)
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
    public long Epoch { get; }

    /// <summary>The release numbers, e.g. [3, 11, 4].</summary>
    public IReadOnlyList<long> Release { get; }

    /// <summary>Pre-release kind (0 a, 1 b, 2 rc) and number, if any.</summary>
    public (int Kind, long Number)? Pre { get; }

    /// <summary>Post-release number, if any.</summary>
    public long? Post { get; }

    /// <summary>Dev-release number, if any.</summary>
    public long? Dev { get; }

    /// <summary>The local label after <c>+</c> (e.g. <c>cpu</c>, <c>cu124</c>), if any.</summary>
    public string? Local { get; }

    /// <summary>True for a pre-release (<c>rc1</c>, <c>a2</c>) or a dev release.</summary>
    public bool IsPreRelease => Pre is not null || Dev is not null;

    /// <summary>
    /// Parses a PEP 440 version; returns null when <paramref name="text"/> is not one, or when a number in it does
    /// not fit 64 bits (then callers compare as strings, as PEP 508 says for non-versions).
    /// </summary>
    public static PythonVersion? TryParse(string text)
    {
        var m = VersionPattern().Match(text.Trim());
        if (!m.Success)
            return null;
        var parts = m.Groups["release"].Value.Split('.');
        var release = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryNumber(parts[i], out release[i]))
                return null;
        }
        (int, long)? pre = null;
        if (m.Groups["prel"].Success)
        {
            var kind = m.Groups["prel"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => 0,
                "b" or "beta" => 1,
                _ => 2,
            };
            if (!TryNumber(m.Groups["pren"].Value, out var n))
                return null;
            pre = (kind, n);
        }
        long? post = null, dev = null;
        if (m.Groups["post"].Success)
        {
            if (!TryNumber(m.Groups["postn"].Value + m.Groups["postn2"].Value, out var n))
                return null;
            post = n;
        }
        if (m.Groups["dev"].Success)
        {
            if (!TryNumber(m.Groups["devn"].Value, out var n))
                return null;
            dev = n;
        }
        var local = m.Groups["local"].Success ? m.Groups["local"].Value.ToLowerInvariant() : null;
        if (!TryNumber(m.Groups["epoch"].Value, out var epoch))
            return null;
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
        c = (Dev ?? long.MaxValue).CompareTo(other.Dev ?? long.MaxValue);
        if (c != 0)
            return c;
        return CompareLocal(Local, other.Local);
    }

    /// <summary>True when both have the same epoch and release (packaging's <c>base_version</c>).</summary>
    public bool SameBaseVersion(PythonVersion other) =>
        Epoch == other.Epoch && CompareRelease(Release, other.Release) == 0;

    /// <summary>
    /// PEP 440 local labels: no label sorts first; segments split on <c>.</c>, <c>-</c>, <c>_</c>; numeric segments
    /// compare as numbers and above alphanumeric ones (compared as strings); a longer label wins a tie on the prefix.
    /// </summary>
    private static int CompareLocal(string? a, string? b)
    {
        if (a is null || b is null)
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        var x = a.Split('.', '-', '_');
        var y = b.Split('.', '-', '_');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xNumeric = x[i].All(char.IsAsciiDigit);
            var yNumeric = y[i].All(char.IsAsciiDigit);
            int c;
            if (xNumeric && yNumeric)
            {
                // Numbers of any length: compare without leading zeros, then by length, then digit by digit.
                var xs = x[i].TrimStart('0');
                var ys = y[i].TrimStart('0');
                c = xs.Length != ys.Length ? xs.Length.CompareTo(ys.Length) : string.CompareOrdinal(xs, ys);
            }
            else
            {
                c = xNumeric != yNumeric ? (xNumeric ? 1 : -1) : string.CompareOrdinal(x[i], y[i]);
            }
            if (c != 0)
                return c;
        }
        return x.Length.CompareTo(y.Length);
    }

    /// <summary>Compares release numbers, padding the shorter with zeros (3.11 == 3.11.0).</summary>
    public static int CompareRelease(IReadOnlyList<long> a, IReadOnlyList<long> b)
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
    private static (int, long) PreKey(PythonVersion v) =>
        v.Pre ?? (v.Dev is not null && v.Post is null ? (-1, 0) : (int.MaxValue, 0));

    // An omitted number means 0 (1.0rc == 1.0rc0); one that does not fit a long makes the text "not a version".
    private static bool TryNumber(string s, out long value)
    {
        value = 0;
        return s.Length == 0 || long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^v?(?:(?<epoch>\d+)!)?(?<release>\d+(?:\.\d+)*)(?:[-_.]?(?<prel>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pren>\d*))?(?:(?<post>-(?<postn2>\d+)|[-_.]?(?:post|rev|r)[-_.]?(?<postn>\d*)))?(?:[-_.]?(?<dev>dev)[-_.]?(?<devn>\d*))?(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
