using Pipeline.IO;
using Pipeline.Python.Audit;
using Pipeline.Python.IO;
using Pipeline.Python.Locks;
using Pipeline.Python.Pip;
using Pipeline.Python.Uv;
using Serilog;

namespace Pipeline.Python.LockCpu;

/// <summary>
/// The LockCpu target: makes every Python project of the stack take torch from the CPU index and lock it
/// (uv projects: repair pyproject.toml, run <c>uv lock</c>; requirements services: hash-pinned lock via pip),
/// then audits every lock for CUDA payload. With <see cref="LockCpuOptions.Check"/> it only audits.
/// </summary>
public sealed class LockCpuRunner
{
    /// <summary>Runs the target. Errors are collected into the result, not thrown (cancellation is).</summary>
    public async Task<LockCpuResult> RunAsync(LockCpuOptions options, CancellationToken ct)
    {
        var log = (options.Logger ?? Log.Logger).ForContext<LockCpuRunner>();
        var run = new RunState();
        foreach (var directory in options.ProjectDirectories)
        {
            await Guard(run, log, () => ProcessProjectAsync(directory, options, run, log, ct)).ConfigureAwait(false);
        }
        foreach (var lockPath in options.LockFiles)
            await Guard(run, log, () => AuditAsync(lockPath, options, run, ct)).ConfigureAwait(false);

        foreach (var table in run.Audits)
            log.Information("Lock audit\n{Table}", AuditTableFormatter.Format(table));
        var cuda = run.Audits.Where(a => a.HasCuda).ToList();
        foreach (var table in cuda)
            log.Error("{Lock} installs CUDA packages on {Target}: {Packages}", table.LockPath, table.Target,
                string.Join(", ", table.Rows.Where(r => r.Installed && r.Verdict == AuditVerdict.Cuda).Select(r => $"{r.Package} {r.Version}")));
        var notes = new Dictionary<string, string>
        {
            ["locks audited"] = run.Audits.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["locks with CUDA"] = cuda.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CUDA download"] = AuditTableFormatter.FormatSize(cuda.Sum(a => a.Totals.CudaKnownBytes))
                                + (cuda.Sum(a => a.Totals.CudaUnknownSizes) is var u and > 0 ? $" + {u} unknown" : ""),
            ["files changed"] = run.FilesChanged.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (run.PyprojectsToRepair.Count > 0)
            notes["pyprojects to repair"] = string.Join(", ", run.PyprojectsToRepair);
        return new LockCpuResult(run.Errors.Count == 0 && cuda.Count == 0, run.Audits, run.FilesChanged, run.Errors, notes);
    }

    private static async Task ProcessProjectAsync(string directory, LockCpuOptions options, RunState run, ILogger log, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
            throw new PythonInputException(directory, 0, "project directory not found");
        var pyproject = Path.Combine(directory, "pyproject.toml");
        var requirements = Path.Combine(directory, options.RequirementsFileName);
        if (File.Exists(pyproject))
            await ProcessUvProjectAsync(directory, pyproject, options, run, log, ct).ConfigureAwait(false);
        else if (File.Exists(requirements))
            await ProcessRequirementsProjectAsync(requirements, Path.Combine(directory, options.RequirementsLockFileName), options, run, ct).ConfigureAwait(false);
        else
            throw new PythonInputException(directory, 0, $"expected pyproject.toml or {options.RequirementsFileName} in the project directory");
    }

    private static async Task ProcessUvProjectAsync(string directory, string pyproject, LockCpuOptions options, RunState run, ILogger log, CancellationToken ct)
    {
        var settings = new CpuIndexSettings(options.CpuIndexUrl, options.CpuIndexName, options.TorchPackages);
        var repair = PyprojectCpuIndexRepair.Repair(await File.ReadAllTextAsync(pyproject, ct).ConfigureAwait(false), pyproject, settings);
        var uvLock = Path.Combine(directory, "uv.lock");
        if (options.Check)
        {
            if (repair.Changed)
            {
                log.Warning("{Pyproject} does not take torch from the CPU index correctly: {Changes}", pyproject, repair.Changes);
                run.PyprojectsToRepair.Add(pyproject);
            }
            if (File.Exists(uvLock))
                await AuditAsync(uvLock, options, run, ct).ConfigureAwait(false);
            return;
        }
        if (repair.Changed)
        {
            await AtomicFile.WriteAllTextAsync(pyproject, repair.Text, options.KeepBackups ? AtomicFile.DefaultBackupSuffix : null, ct).ConfigureAwait(false);
            run.FilesChanged.Add(pyproject);
            foreach (var change in repair.Changes)
                log.Information("{Pyproject}: {Change}", pyproject, change);
        }
        try
        {
            var before = File.Exists(uvLock) ? await File.ReadAllTextAsync(uvLock, ct).ConfigureAwait(false) : null;
            await new UvLocker(options.UvExecutable, options.Logger).LockAsync(directory, repair.TorchPackages, ct).ConfigureAwait(false);
            if (File.Exists(uvLock) && await File.ReadAllTextAsync(uvLock, ct).ConfigureAwait(false) != before)
                run.FilesChanged.Add(uvLock);
        }
        catch (ToolNotFoundException e) when (!options.RequireUv)
        {
            log.Warning("{Message}", e.Message);
        }
        if (File.Exists(uvLock))
            await AuditAsync(uvLock, options, run, ct).ConfigureAwait(false);
    }

    private static async Task ProcessRequirementsProjectAsync(string requirements, string lockPath, LockCpuOptions options, RunState run, CancellationToken ct)
    {
        if (!options.Check)
        {
            var settings = new RequirementsLockSettings(options.MainIndexUrl, options.CpuIndexUrl, options.TorchPackages, options.Target, options.PipArguments);
            var before = File.Exists(lockPath) ? await File.ReadAllTextAsync(lockPath, ct).ConfigureAwait(false) : null;
            await new RequirementsCpuLocker(new PipResolver(options.PythonExecutable, options.Logger), options.Logger)
                .LockAsync(requirements, lockPath, settings, ct).ConfigureAwait(false);
            if (await File.ReadAllTextAsync(lockPath, ct).ConfigureAwait(false) != before)
                run.FilesChanged.Add(lockPath);
        }
        // Without a lock yet, --check audits what the requirements file pins.
        await AuditAsync(File.Exists(lockPath) ? lockPath : requirements, options, run, ct).ConfigureAwait(false);
    }

    private static async Task AuditAsync(string lockPath, LockCpuOptions options, RunState run, CancellationToken ct)
    {
        var lockFile = await LockFileReader.ReadAsync(lockPath, ct).ConfigureAwait(false);
        run.Audits.Add(LockAuditor.Audit(lockFile, options.Target));
    }

    private static async Task Guard(RunState run, ILogger log, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is PythonInputException or ToolNotFoundException or ToolFailedException or IOException
                                       or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            log.Error("{Message}", e.Message);
            run.Errors.Add(e.Message);
        }
    }

    private sealed class RunState
    {
        public List<AuditTable> Audits { get; } = [];
        public List<string> FilesChanged { get; } = [];
        public List<string> Errors { get; } = [];
        public List<string> PyprojectsToRepair { get; } = [];
    }
}
