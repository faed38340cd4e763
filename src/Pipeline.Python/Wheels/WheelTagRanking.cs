using System.Globalization;
using Pipeline.Packaging;

namespace Pipeline.Python.Wheels;

/// <summary>
/// The wheel tags a target accepts, best first, in the order pip's <c>packaging.tags.sys_tags()</c> produces for
/// CPython on Linux: <c>cpXY-cpXY</c>, <c>cpXY-abi3</c> (and older abi3), <c>cpXY-none</c>, <c>pyXY/py3-none</c>
/// on each platform (<c>manylinux_2_N</c> newest glibc first, legacy aliases, then <c>linux_*</c>), then the
/// <c>-none-any</c> tags. Choosing the lowest rank picks the one wheel pip would download.
/// </summary>
internal sealed class WheelTagRanking
{
    private readonly Dictionary<string, int> _rank = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds the ranking for <paramref name="target"/>.</summary>
    public WheelTagRanking(TargetPlatform target)
    {
        var parts = target.PythonVersion.Split('.');
        var major = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minor = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var cp = $"cp{major}{minor}";
        var platforms = Platforms(target).ToList();

        foreach (var plat in platforms)
            Add($"{cp}-{cp}-{plat}");
        foreach (var plat in platforms)
            Add($"{cp}-abi3-{plat}");
        foreach (var plat in platforms)
            Add($"{cp}-none-{plat}");
        for (var m = minor - 1; m >= 2; m--)
            foreach (var plat in platforms)
                Add($"cp{major}{m}-abi3-{plat}");
        foreach (var py in PyVersions(major, minor))
            foreach (var plat in platforms)
                Add($"{py}-none-{plat}");
        Add($"{cp}-none-any");
        foreach (var py in PyVersions(major, minor))
            Add($"{py}-none-any");
    }

    /// <summary>The rank of a <c>py-abi-plat</c> tag (lower is better), or null when the target cannot use it.</summary>
    public int? Rank(string tag) => _rank.TryGetValue(tag, out var r) ? r : null;

    /// <summary>The best rank among a wheel's tags, or null when no tag fits the target.</summary>
    public int? Rank(WheelFileName wheel) => wheel.Tags.Select(Rank).Where(r => r is not null).Min();

    private void Add(string tag) => _rank.TryAdd(tag, _rank.Count);

    private static IEnumerable<string> PyVersions(int major, int minor)
    {
        yield return $"py{major}{minor}";
        yield return $"py{major}";
        for (var m = minor - 1; m >= 0; m--)
            yield return $"py{major}{m}";
    }

    private static IEnumerable<string> Platforms(TargetPlatform target)
    {
        var arch = target.PlatformMachine;
        if (!string.Equals(target.SysPlatform, "linux", StringComparison.Ordinal))
        {
            // Only Linux platform tags are modelled; other systems fall back to pure-Python wheels.
            yield break;
        }
        for (var glibc = target.GlibcMinor; glibc >= 5; glibc--)
        {
            yield return $"manylinux_2_{glibc}_{arch}";
            var legacy = glibc switch { 17 => "manylinux2014", 12 => "manylinux2010", 5 => "manylinux1", _ => null };
            if (legacy is not null)
                yield return $"{legacy}_{arch}";
        }
        yield return $"linux_{arch}";
    }
}
