namespace Pipeline.Python.Pip;

/// <summary>What locking one requirements file did.</summary>
/// <param name="UpToDate">True when the recorded fingerprint matched and pip was not run.</param>
/// <param name="Fingerprint">The inputs' fingerprint (see <see cref="LockFingerprint"/>).</param>
/// <param name="Packages">Packages resolved (empty when up to date).</param>
internal sealed record RequirementsLockOutcome(bool UpToDate, string Fingerprint, IReadOnlyList<PipResolvedPackage> Packages);
