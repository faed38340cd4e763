using Pipeline.IO;
using Pipeline.Python.Audit;
using Pipeline.Python.Conda;
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
        var shared = new SharedState(options);
        var run = new RunState(shared);
        foreach (var problem in options.Problems())
        {
            log.Error("{Problem}", problem);
            run.Errors.Add(problem);
        }
        if (run.Errors.Count > 0)
            return new LockCpuResult(false, [], [], run.Errors, new Dictionary<string, string>());
        // One resolution per distinct (directory, target): services sharing both share the lock.
        var work = options.ProjectDirectories.Select(d => new LockCpuProject(d, options.Target))
            .Concat(options.Projects)
            .GroupBy(p => Path.GetFullPath(p.Directory), StringComparer.Ordinal)
            .Select(g => (Directory: g.First().Directory, Targets: g.DistinctBy(p => p.Target.Description).ToList()))
            .ToList();
        // Projects resolve concurrently: each pip or uv run mostly waits on the index (pages, metadata), so a few at
        // once take about as long as the slowest, not the sum. Each collects into its own state, merged in the
        // projects' order so tables and notes read the same whatever finished first.
        var states = work.Select(_ => new RunState(shared)).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentProjects, CancellationToken = ct },
            async (i, token) => await Guard(states[i], log, () => ProcessProjectAsync(work[i].Directory, work[i].Targets, options, states[i], log, token)).ConfigureAwait(false))
            .ConfigureAwait(false);
        foreach (var state in states)
            run.Add(state);
        foreach (var lockPath in options.LockFiles)
            await Guard(run, log, () => AuditAsync(lockPath, options.Target, run, ct)).ConfigureAwait(false);

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
        if (run.Audits.Count > 0)
            notes["python"] = string.Join(", ", run.Audits.Select(a => a.Target.PythonVersion).Distinct().Order(StringComparer.Ordinal));
        if (run.UpToDate.Count + run.Resolved.Count > 0)
            notes["locks"] = run.Resolved.Count == 0 ? $"up to date ({run.UpToDate.Count})"
                : $"{run.Resolved.Count} locked, {run.UpToDate.Count} up to date";
        if (run.Changes.Count > 0)
        {
            var width = run.Changes.Max(c => c.File.Length);
            log.Information("LockCpu changes:\n{Table}", string.Join('\n', run.Changes.Select(c => $"{c.File.PadRight(width)}  {c.Change}")));
            notes["pyproject changes"] = string.Join("; ", run.Changes.Select(c => $"{Path.GetFileName(Path.GetDirectoryName(c.File))}: {c.Change}"));
        }
        if (run.PyprojectsToRepair.Count > 0)
            notes["pyprojects to repair"] = string.Join(", ", run.PyprojectsToRepair);
        return new LockCpuResult(run.Errors.Count == 0 && cuda.Count == 0, run.Audits, run.FilesChanged, run.Errors, notes);
    }

    private static async Task ProcessProjectAsync(string directory, IReadOnlyList<LockCpuProject> targets, LockCpuOptions options, RunState run, ILogger log, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
            throw new PythonInputException(directory, 0, "project directory not found");
        var pyproject = Path.Combine(directory, "pyproject.toml");
        var requirements = Path.Combine(directory, options.RequirementsFileName);
        var condaFiles = CondaFileNames.Select(n => Path.Combine(directory, n)).Where(File.Exists).ToList();
        foreach (var conda in condaFiles)
            foreach (var project in targets)
                await AuditAsync(conda, project.Target, run, ct).ConfigureAwait(false);
        if (condaFiles.Count > 0 && !File.Exists(pyproject) && !File.Exists(requirements))
            return; // a conda-only project: audited, nothing for pip or uv to lock
        if (File.Exists(pyproject))
        {
            await ProcessUvProjectAsync(directory, pyproject, targets, options, run, log, ct).ConfigureAwait(false);
        }
        else if (File.Exists(requirements))
        {
            foreach (var project in targets)
            {
                // Several Pythons for one directory: one lock each, named by the Python.
                var suffix = targets.Count > 1 ? ".py" + project.Target.PythonVersion.Replace(".", "", StringComparison.Ordinal) : "";
                var lockPath = Path.Combine(directory, Path.GetFileNameWithoutExtension(options.RequirementsLockFileName) + suffix + Path.GetExtension(options.RequirementsLockFileName));
                var pylock = options.PylockFileName is { } p
                    ? Path.Combine(directory, Path.GetFileNameWithoutExtension(p) + suffix + Path.GetExtension(p))
                    : null;
                if (project.Origin is not null)
                    log.Information("{Directory}: locking for {Target} ({Origin})", directory, project.Target.Description, project.Origin);
                await ProcessRequirementsProjectAsync(requirements, lockPath, pylock, project.Target, options, run, ct).ConfigureAwait(false);
            }
        }
        else
        {
            throw new PythonInputException(directory, 0, $"expected pyproject.toml or {options.RequirementsFileName} in the project directory");
        }
    }

    /// <summary>
    /// Projects locked at once: enough that a usual stack's resolvers all overlap their waits on the index (with 4,
    /// the fifth of five projects started when the others ended and added 8 s at the default benchmark scale), few
    /// enough for a small machine (one pip process each).
    /// </summary>
    internal const int MaxConcurrentProjects = 8;

    /// <summary>Conda environment files audited when a project directory has them.</summary>
    private static readonly string[] CondaFileNames = ["environment.yml", "environment.yaml", "conda-lock.yml", "conda-lock.yaml"];

    private static async Task ProcessUvProjectAsync(string directory, string pyproject, IReadOnlyList<LockCpuProject> targets, LockCpuOptions options, RunState run, ILogger log, CancellationToken ct)
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
                foreach (var project in targets)
                    await AuditAsync(uvLock, project.Target, run, ct).ConfigureAwait(false);
            return;
        }
        if (repair.Changed)
        {
            await AtomicFile.WriteAllTextAsync(pyproject, repair.Text, options.KeepBackups ? AtomicFile.DefaultBackupSuffix : null, ct).ConfigureAwait(false);
            run.FilesChanged.Add(pyproject);
            foreach (var change in repair.Changes)
            {
                log.Information("{Pyproject}: {Change}", pyproject, change);
                run.Changes.Add((pyproject, change));
            }
        }
        try
        {
            var uv = new UvLocker(options.UvExecutable, options.Logger);
            var fingerprint = UvFingerprint(repair.Text, await uv.VersionAsync(directory, ct).ConfigureAwait(false), options, repair.IndexName);
            if (!options.Force && await LockFingerprint.ReadAsync(uvLock, ct).ConfigureAwait(false) == fingerprint)
            {
                log.Information("{Lock} is up to date (inputs {Fingerprint})", uvLock, fingerprint);
                run.UpToDate.Add(uvLock);
            }
            else
            {
                var before = File.Exists(uvLock) ? await File.ReadAllTextAsync(uvLock, ct).ConfigureAwait(false) : null;
                options = await run.Shared.WithMirrorsAsync(options, ct).ConfigureAwait(false);
                await uv.LockAsync(directory, repair.TorchPackages, UvIndexes(options, repair.IndexName), ct).ConfigureAwait(false);
                await UvLocker.StampAsync(uvLock, LockFingerprint.HeaderLine(fingerprint), ct).ConfigureAwait(false);
                run.Resolved.Add(uvLock);
                if (File.Exists(uvLock) && await File.ReadAllTextAsync(uvLock, ct).ConfigureAwait(false) != before)
                    run.FilesChanged.Add(uvLock);
            }
        }
        catch (ToolNotFoundException e) when (!options.RequireUv)
        {
            log.Warning("{Message}", e.Message);
        }
        if (File.Exists(uvLock))
            foreach (var project in targets)
                await AuditAsync(uvLock, project.Target, run, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The inputs of a uv lock: the (repaired) pyproject, uv's version, the public indexes and routing. No target
    /// Python: uv.lock is universal (every Python requires-python allows), the audit picks per target.
    /// </summary>
    private static string UvFingerprint(string pyproject, string uvVersion, LockCpuOptions options, string indexName)
    {
        var text = string.Join('\n', "layout " + LockFingerprint.LayoutVersion, "pyproject " + pyproject, "uv " + uvVersion,
            "main-index " + options.MainIndexUrl, "cpu-index " + options.CpuIndexUrl + " as " + indexName,
            "routed-to-cpu " + string.Join(',', options.TorchPackages), "resolution " + (options.IsRouted ? "one routed index" : "two indexes"));
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// The run-time index overrides for uv: the routed index (or the mirrors) replace the default index and the
    /// named CPU index; the pyproject keeps the public URLs. None when uv should use the files' own URLs.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> UvIndexes(LockCpuOptions options, string cpuIndexName)
    {
        var main = options.RoutedIndexUrl ?? options.MirrorIndexUrl;
        var cpu = options.RoutedIndexUrl ?? options.MirrorCpuIndexUrl;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (main is not null) env["UV_DEFAULT_INDEX"] = main;
        // A named index given on the command line/environment takes the place of the pyproject's entry of that name.
        if (cpu is not null) env["UV_INDEX"] = $"{cpuIndexName}={cpu}";
        return env;
    }

    private static async Task ProcessRequirementsProjectAsync(string requirements, string lockPath, string? pylockPath, TargetPlatform target,
        LockCpuOptions options, RunState run, CancellationToken ct)
    {
        if (!options.Check)
        {
            var settings = new RequirementsLockSettings(options.MainIndexUrl, options.CpuIndexUrl, options.TorchPackages, target, options.PipArguments)
            {
                RoutedIndexUrl = options.RoutedIndexUrl,
                Routed = options.IsRouted,
                MirrorIndexUrl = options.MirrorIndexUrl,
                MirrorCpuIndexUrl = options.MirrorCpuIndexUrl,
                Force = options.Force,
                PylockPath = pylockPath,
            };
            var locker = new RequirementsCpuLocker(await run.Shared.PipAsync(ct).ConfigureAwait(false), options.Logger);
            var upToDate = !options.Force && await locker.UpToDateAsync(requirements, lockPath, settings, ct).ConfigureAwait(false) is not null;
            if (!upToDate)
            {
                options = await run.Shared.WithMirrorsAsync(options, ct).ConfigureAwait(false);
                settings = settings with { RoutedIndexUrl = options.RoutedIndexUrl, MirrorIndexUrl = options.MirrorIndexUrl, MirrorCpuIndexUrl = options.MirrorCpuIndexUrl };
                await locker.LockAsync(requirements, lockPath, settings, ct).ConfigureAwait(false);
            }
            if (upToDate)
            {
                run.UpToDate.Add(lockPath);
            }
            else
            {
                run.Resolved.Add(lockPath);
                run.FilesChanged.Add(lockPath);
                if (pylockPath is not null)
                    run.FilesChanged.Add(pylockPath);
            }
        }
        // Without a lock yet, --check audits what the requirements file pins.
        var audit = await AuditAsync(File.Exists(lockPath) ? lockPath : requirements, target, run, ct).ConfigureAwait(false);
        // The standard lock is read back with the reader --lock-files uses and audited: it must say what the requirements lock says.
        if (pylockPath is not null && File.Exists(pylockPath) && File.Exists(lockPath))
        {
            var pylock = LockAuditor.Audit(await LockFileReader.ReadAsync(pylockPath, ct).ConfigureAwait(false), target);
            static string Rows(AuditTable t) => string.Join(", ", t.Rows.Where(r => r.Installed)
                .Select(r => $"{Markers.MarkerEnvironment.NormalizeName(r.Package)} {r.Version} {r.Verdict}").Order(StringComparer.Ordinal));
            if (Rows(pylock) != Rows(audit))
                throw new PythonInputException(pylockPath, 0, $"does not match {Path.GetFileName(lockPath)} (re-run LockCpu with --force): {Rows(pylock)} vs {Rows(audit)}");
        }
    }

    private static async Task<AuditTable> AuditAsync(string lockPath, TargetPlatform target, RunState run, CancellationToken ct)
    {
        // Conda environments (environment.yml, conda-lock.yml, @EXPLICIT lists) go to the same table format.
        var text = File.Exists(lockPath) ? await File.ReadAllTextAsync(lockPath, ct).ConfigureAwait(false) : null;
        if (text is not null && CondaEnvironmentReader.IsCondaFile(lockPath, text))
        {
            var conda = CondaAuditor.Audit(CondaEnvironmentReader.Read(text, lockPath), target);
            run.Audits.Add(conda);
            return conda;
        }
        var lockFile = await LockFileReader.ReadAsync(lockPath, ct).ConfigureAwait(false);
        var table = LockAuditor.Audit(lockFile, target);
        run.Audits.Add(table);
        return table;
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

    /// <summary>What a project's work found and changed; one per project, added up into the run's.</summary>
    private sealed class RunState(SharedState shared)
    {
        public SharedState Shared => shared;
        public List<AuditTable> Audits { get; } = [];
        public List<string> FilesChanged { get; } = [];
        public List<string> Errors { get; } = [];
        public List<string> PyprojectsToRepair { get; } = [];
        public List<(string File, string Change)> Changes { get; } = [];
        public List<string> UpToDate { get; } = [];
        public List<string> Resolved { get; } = [];

        public void Add(RunState other)
        {
            Audits.AddRange(other.Audits);
            FilesChanged.AddRange(other.FilesChanged);
            Errors.AddRange(other.Errors);
            PyprojectsToRepair.AddRange(other.PyprojectsToRepair);
            Changes.AddRange(other.Changes);
            UpToDate.AddRange(other.UpToDate);
            Resolved.AddRange(other.Resolved);
        }
    }

    /// <summary>What the projects of a run share, each made once however many projects ask at the same time.</summary>
    private sealed class SharedState(LockCpuOptions options)
    {
        private readonly Lock _gate = new();
        private Task<PipResolver>? _pip;
        private Task<(string Main, string Cpu)>? _mirrors;
        private Task<string>? _routed;

        /// <summary>One resolver per run: it asks pip for its version once, not once per project.</summary>
        public Task<PipResolver> PipAsync(CancellationToken ct)
        {
            lock (_gate)
                return _pip ??= MakePipAsync(ct);
        }

        private async Task<PipResolver> MakePipAsync(CancellationToken ct)
        {
            var pip = new PipResolver(options.PythonExecutable, options.Logger);
            await pip.VersionAsync(ct).ConfigureAwait(false);
            return pip;
        }

        /// <summary>The options with the mirrors started on first need (see <see cref="LockCpuOptions.MirrorIndexes"/>).</summary>
        public async Task<LockCpuOptions> WithMirrorsAsync(LockCpuOptions options, CancellationToken ct)
        {
            if (options.RoutedIndexUrl is null && options.StartRoutedIndex is { } start)
            {
                Task<string> routed;
                lock (_gate)
                    routed = _routed ??= start(ct);
                return options with { RoutedIndexUrl = await routed.ConfigureAwait(false) };
            }
            if (options.RoutedIndexUrl is not null || options.MirrorIndexUrl is not null || options.MirrorIndexes is not { } mirrors)
                return options;
            Task<(string Main, string Cpu)> started;
            lock (_gate)
                started = _mirrors ??= mirrors(ct);
            var (main, cpu) = await started.ConfigureAwait(false);
            return options with { MirrorIndexUrl = main, MirrorCpuIndexUrl = cpu };
        }
    }
}
