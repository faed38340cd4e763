using Pipeline.Python.Audit;

namespace Pipeline.Python.LockCpu;

/// <summary>What a LockCpu run did and found.</summary>
/// <param name="Success">True when no error occurred and no audited lock contains CUDA packages.</param>
/// <param name="Audits">One audit table per lock (render with <see cref="AuditTableFormatter"/>).</param>
/// <param name="FilesChanged">Files written (pyproject.toml, uv.lock, requirements.lock).</param>
/// <param name="Errors">One line per failure (bad input as <c>file:line: problem</c>, missing tools, pip/uv failures).</param>
/// <param name="Notes">Key/value lines for the build summary.</param>
public sealed record LockCpuResult(bool Success, IReadOnlyList<AuditTable> Audits, IReadOnlyList<string> FilesChanged,
    IReadOnlyList<string> Errors, IReadOnlyDictionary<string, string> Notes);
