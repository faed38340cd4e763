using Pipeline.Python.Locks;
using Pipeline.Python.Markers;
using Pipeline.Python.Wheels;
using Pipeline.Packaging;

namespace Pipeline.Python.Audit;

/// <summary>
/// Audits a lock for a target platform: which entries are installed (markers), which single file each one
/// downloads (best wheel tag, else the sdist), its size (unknown when the lock has none), and whether it is CUDA.
/// Pure: works on an in-memory <see cref="LockFile"/>.
/// </summary>
internal static class LockAuditor
{
    /// <summary>Builds the audit table of <paramref name="lockFile"/> for <paramref name="target"/>.</summary>
    public static AuditTable Audit(LockFile lockFile, TargetPlatform target)
    {
        // Pylock and requirements markers rarely test extras; when they do, any extra may be requested.
        var markers = new MarkerEvaluator(lockFile.Path, MarkerEnvironment.For(target, anyExtra: true));
        var ranking = new WheelTagRanking(target);
        IReadOnlySet<LockedPackage> installed = lockFile.Format == LockFormat.UvLock
            ? new UvReachability(lockFile, target).Reachable()
            : lockFile.Packages.Where(p => p.Marker is null || markers.Holds(p.Marker, p)).ToHashSet();
        var rows = lockFile.Packages.Select(p => Row(p, installed.Contains(p), lockFile.Format, target, ranking)).ToList();
        return new AuditTable(lockFile.Path, target, rows);
    }

    private static AuditRow Row(LockedPackage p, bool installed, LockFormat format, TargetPlatform target, WheelTagRanking ranking)
    {
        if (!installed)
            return new AuditRow(p.Name, p.Version, p.Source, null, AuditVerdict.NotForTarget, "markers exclude it on " + target);
        var verdict = CudaClassifier.Classify(p.Name, p.Version, target);
        if (p.IsRoot)
            return new AuditRow(p.Name, p.Version, p.Source, null, verdict, "the project itself", IsProject: true);
        if (format == LockFormat.Requirements)
            return new AuditRow(p.Name, p.Version, p.Source, null, verdict, p.IsPinned ? "requirements carry no sizes" : "not pinned");
        var (file, note) = Choose(p, ranking);
        if (file is not null && file.Size is null)
            note += ", no size in lock";
        return new AuditRow(p.Name, p.Version, p.Source, file?.Size, verdict, note);
    }

    private static (LockedFile? File, string Note) Choose(LockedPackage p, WheelTagRanking ranking)
    {
        var best = p.Wheels
            .Select(w => (Wheel: w, Rank: WheelFileName.TryParseUrl(w.FileName) is { } f ? ranking.Rank(f) : null))
            .Where(x => x.Rank is not null)
            .OrderBy(x => x.Rank)
            .FirstOrDefault();
        if (best.Wheel is not null)
            return (best.Wheel, best.Wheel.FileName);
        if (p.Sdist is not null)
            return (p.Sdist, "sdist " + p.Sdist.FileName);
        return (null, p.Wheels.Count == 0 ? "no files in lock" : "no wheel fits the target");
    }
}
