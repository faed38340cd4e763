using Pipeline.Build;
using Pipeline.IO;

/// <summary>
/// The LockCpu target and its parameters: <c>./build.sh LockCpu --routed-index-url http://127.0.0.1:8080/routed/simple/</c>
/// resolves every service once against the package proxy; <c>--check</c> only audits.
/// </summary>
partial class Build
{
    [Parameter("LockCpu: audit only; fail on CUDA packages or non-+cpu torch.")]
    readonly bool Check;

    [Parameter("LockCpu: lock files to audit instead of the stack's projects.")]
    readonly AbsolutePath[] LockFiles = [];

    [Parameter("LockCpu: CPython version for every service (default: each service's Dockerfile FROM python:X.Y).")]
    readonly string? PythonVersion;

    [Parameter("LockCpu: the uv executable.")]
    readonly string Uv = "uv";

    [Parameter("LockCpu: a routed index (package proxy: torch only from the CPU index) to resolve against, at run time only.")]
    readonly string? RoutedIndexUrl;

    [Parameter("LockCpu: re-lock even when a lock's recorded inputs are unchanged.")]
    readonly bool Force;

    Target LockCpu => _ => _
        .Description("Points Python projects at the PyTorch CPU index, re-locks what changed (per service Python), and audits locks for CUDA packages.")
        .After(ConfigurePip)
        .Executes(ct => Run(Stack.LockCpuAsync, ct));
}
