using Pipeline.Python.Locks;
using Pipeline.Python.Markers;
using Pipeline.Packaging;

namespace Pipeline.Python.Audit;

/// <summary>
/// Which uv.lock entries a target installs: walks the dependency graph from the workspace members following only
/// edges whose markers hold, so packages for other platforms, Python versions or forks are left out (summing every
/// entry would over-count). The walk runs once without extras and once per extra / dev group of each member, and
/// the union is kept: uv encodes conflicting extras (<c>cpu</c> vs <c>cu124</c>) as markers such as
/// <c>extra == 'extra-7-project-cpu' and extra != 'extra-7-project-cu124'</c>, which only hold with one extra active.
/// </summary>
internal sealed class UvReachability(LockFile lockFile, TargetPlatform target)
{
    private readonly ILookup<string, LockedPackage> _byName =
        lockFile.Packages.ToLookup(p => ProjectName.Normalize(p.Name));

    /// <summary>The entries installed on the target under some choice of one extra or group.</summary>
    public IReadOnlySet<LockedPackage> Reachable()
    {
        var roots = lockFile.Packages.Where(p => p.IsRoot).ToList();
        if (roots.Count == 0)
        {
            // No workspace member (a partial lock): keep every entry whose forks include the target.
            var any = new MarkerEvaluator(lockFile.Path, MarkerEnvironment.For(target, anyExtra: true));
            return lockFile.Packages.Where(p => InTargetFork(p, any)).ToHashSet();
        }
        var result = new HashSet<LockedPackage>(ReferenceEqualityComparer.Instance);
        result.UnionWith(Walk(roots, null, null));
        foreach (var root in roots)
        {
            foreach (var key in root.OptionalDependencies.Keys)
                result.UnionWith(Walk(roots, root, key));
        }
        return result.ToHashSet();
    }

    private IEnumerable<LockedPackage> Walk(IReadOnlyList<LockedPackage> roots, LockedPackage? extraOwner, string? extraKey)
    {
        var markers = new MarkerEvaluator(lockFile.Path, MarkerEnvironment.For(target, ActiveExtras(extraOwner, extraKey)));
        var extrasSeen = new Dictionary<LockedPackage, HashSet<string>>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<LockedPackage>();
        foreach (var root in roots)
        {
            extrasSeen[root] = ReferenceEquals(root, extraOwner) && extraKey is not null ? [extraKey] : [];
            queue.Enqueue(root);
        }
        while (queue.Count > 0)
        {
            var package = queue.Dequeue();
            var edges = package.Dependencies.Concat(extrasSeen[package].SelectMany(e =>
                package.OptionalDependencies.TryGetValue(e, out var deps) ? deps : []));
            foreach (var edge in edges)
            {
                if (edge.Marker is not null && !markers.Holds(edge.Marker, package))
                    continue;
                foreach (var next in Candidates(edge, markers))
                {
                    var isNew = !extrasSeen.TryGetValue(next, out var seen);
                    seen ??= extrasSeen[next] = [];
                    var grew = false;
                    foreach (var e in edge.Extras)
                        grew |= seen.Add(e);
                    if (isNew || grew)
                        queue.Enqueue(next);
                }
            }
        }
        return extrasSeen.Keys;
    }

    /// <summary>The extra as written and in uv's encoded form (<c>extra-{len}-{package}-{extra}</c>, <c>group-...</c>).</summary>
    private static IEnumerable<string> ActiveExtras(LockedPackage? owner, string? key)
    {
        if (owner is null || key is null)
            yield break;
        var package = ProjectName.Normalize(owner.Name);
        var isGroup = key.StartsWith("dev:", StringComparison.Ordinal);
        var name = isGroup ? key[4..] : key;
        yield return name;
        yield return $"{(isGroup ? "group" : "extra")}-{package.Length}-{package}-{ProjectName.Normalize(name)}";
    }

    private IEnumerable<LockedPackage> Candidates(LockedDependency edge, MarkerEvaluator markers)
    {
        var all = _byName[ProjectName.Normalize(edge.Name)]
            .Where(p => edge.Version is null || p.Version == edge.Version)
            .Where(p => edge.Source is null || p.Source == edge.Source)
            .ToList();
        if (all.Count <= 1)
            return all;
        var inFork = all.Where(p => InTargetFork(p, markers)).ToList();
        return inFork.Count > 0 ? inFork : all;
    }

    private static bool InTargetFork(LockedPackage p, MarkerEvaluator markers) =>
        p.ResolutionMarkers.Count == 0 || p.ResolutionMarkers.Any(m => markers.Holds(m, p));
}
