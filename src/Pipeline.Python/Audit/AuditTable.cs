namespace Pipeline.Python.Audit;

/// <summary>What the audit concluded about one lock entry.</summary>
public enum AuditVerdict
{
    /// <summary>Installed on the target and not CUDA.</summary>
    Ok,

    /// <summary>A torch-family <c>+cpu</c> build: what we want.</summary>
    CpuBuild,

    /// <summary>CUDA payload (NVIDIA runtime, triton, or a torch build that is not <c>+cpu</c> on Linux).</summary>
    Cuda,

    /// <summary>Markers exclude it on the target (another platform, Python version or fork).</summary>
    NotForTarget,
}

/// <summary>One row of an audit table.</summary>
/// <param name="Package">Package name.</param>
/// <param name="Version">Locked version (or specifier for an unpinned requirement).</param>
/// <param name="Source">Index URL or other source.</param>
/// <param name="SizeBytes">Download size of the file chosen for the target; null when unknown (never 0 for unknown).</param>
/// <param name="Verdict">Classification.</param>
/// <param name="Note">Which file was chosen or why there is none, e.g. <c>no size in lock</c>.</param>
/// <param name="IsProject">True for the locked project itself (a workspace member): installed, never downloaded.</param>
public sealed record AuditRow(string Package, string Version, string Source, long? SizeBytes, AuditVerdict Verdict, string Note, bool IsProject = false)
{
    /// <summary>True when the row is installed on the target.</summary>
    public bool Installed => Verdict != AuditVerdict.NotForTarget;

    /// <summary>True when the row counts toward the download for the target.</summary>
    public bool Downloaded => Installed && !IsProject;
}

/// <summary>Sums over the rows downloaded for the target (installed, not the project itself).</summary>
/// <param name="Packages">Downloaded entries.</param>
/// <param name="KnownBytes">Sum of known sizes.</param>
/// <param name="UnknownSizes">Downloaded entries whose size is unknown.</param>
/// <param name="CudaPackages">Downloaded CUDA entries.</param>
/// <param name="CudaKnownBytes">Sum of known CUDA sizes.</param>
/// <param name="CudaUnknownSizes">CUDA entries whose size is unknown.</param>
public sealed record AuditTotals(int Packages, long KnownBytes, int UnknownSizes, int CudaPackages, long CudaKnownBytes, int CudaUnknownSizes);

/// <summary>The audit of one lock file for one target platform.</summary>
/// <param name="LockPath">The audited file.</param>
/// <param name="Target">The platform sized for.</param>
/// <param name="Rows">One row per lock entry, in lock order.</param>
public sealed record AuditTable(string LockPath, TargetPlatform Target, IReadOnlyList<AuditRow> Rows)
{
    /// <summary>Totals over downloaded rows.</summary>
    public AuditTotals Totals
    {
        get
        {
            var installed = Rows.Where(r => r.Downloaded).ToList();
            var cuda = installed.Where(r => r.Verdict == AuditVerdict.Cuda).ToList();
            return new AuditTotals(installed.Count, installed.Sum(r => r.SizeBytes ?? 0), installed.Count(r => r.SizeBytes is null),
                cuda.Count, cuda.Sum(r => r.SizeBytes ?? 0), cuda.Count(r => r.SizeBytes is null));
        }
    }

    /// <summary>True when any installed entry is CUDA: what <c>--check</c> fails on.</summary>
    public bool HasCuda => Rows.Any(r => r.Installed && r.Verdict == AuditVerdict.Cuda);
}
