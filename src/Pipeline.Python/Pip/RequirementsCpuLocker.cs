using Pipeline.IO;
using Pipeline.Python.Audit;
using Pipeline.Python.IO;
using Pipeline.Python.Locks;
using Pipeline.Python.Markers;
using Serilog;
using Pipeline.Packaging;

namespace Pipeline.Python.Pip;

/// <summary>
/// Locks a requirements-based service with real pip so torch comes from the CPU index, for one target
/// interpreter and platform. With a routed index (torch family only from the CPU index, the rest from the main
/// one: the package proxy) pip resolves ONCE against it alone, so no CUDA build, NVIDIA wheel or triton is ever
/// requested. Without one, pip pools candidates from all indexes and takes the highest version, so:
/// (1) the torch packages alone against the CPU index as the ONLY index → <c>+cpu</c> versions; (2) everything
/// against the main index with those exact versions pinned and the CPU index as extra index.
/// </summary>
/// <remarks>
/// The lock names only the public indexes (never the mirror or proxy pip was pointed at) and carries no index
/// options, so the installer's own index settings apply. Its header records the Python it was made for and the
/// fingerprint of its inputs: when they are unchanged pip is not run at all.
/// </remarks>
internal sealed class RequirementsCpuLocker(PipResolver pip, ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<RequirementsCpuLocker>();

    /// <summary>
    /// The inputs' fingerprint when the lock (and the pylock, if asked) already records it, else null: then
    /// <see cref="LockAsync"/> would resolve. Runs no resolver (only <c>pip --version</c>).
    /// </summary>
    public async Task<string?> UpToDateAsync(string requirementsPath, string lockPath, RequirementsLockSettings settings, CancellationToken ct)
    {
        var fingerprint = await LockFingerprint.ComputeAsync(requirementsPath, settings, await pip.VersionAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return await LockFingerprint.ReadAsync(lockPath, ct).ConfigureAwait(false) == fingerprint
               && (settings.PylockPath is null || await LockFingerprint.ReadAsync(settings.PylockPath, ct).ConfigureAwait(false) == fingerprint)
            ? fingerprint
            : null;
    }

    /// <summary>Resolves <paramref name="requirementsPath"/> and writes the lock to <paramref name="lockPath"/> (and the pylock, if asked), unless up to date.</summary>
    public async Task<RequirementsLockOutcome> LockAsync(string requirementsPath, string lockPath, RequirementsLockSettings settings, CancellationToken ct)
    {
        var fingerprint = await LockFingerprint.ComputeAsync(requirementsPath, settings, await pip.VersionAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        if (!settings.Force && await UpToDateAsync(requirementsPath, lockPath, settings, ct).ConfigureAwait(false) is not null)
        {
            _log.Information("{Lock} is up to date for {Target} (inputs {Fingerprint})", lockPath, settings.Target.Description, fingerprint);
            return new RequirementsLockOutcome(true, fingerprint, []);
        }

        var text = await File.ReadAllTextAsync(requirementsPath, ct).ConfigureAwait(false);
        var file = RequirementsReader.Read(text, requirementsPath);
        var torchNames = settings.TorchPackages.Select(ProjectName.Normalize).ToHashSet();
        var options = file.OtherOptions.Select(o => AbsolutizeFileOption(o, Path.GetDirectoryName(Path.GetFullPath(requirementsPath))!)).ToList();
        var all = settings.RoutedIndexUrl is { } routed
            ? await ResolveRoutedAsync(file, options, routed, settings, torchNames, ct).ConfigureAwait(false)
            : await ResolveSplitAsync(file, options, settings, torchNames, ct).ConfigureAwait(false);

        var header = new LockHeader(Path.GetFileName(requirementsPath), settings.Target, fingerprint, settings.MainIndexUrl, settings.CpuIndexUrl, settings.TorchPackages);
        string SourceOf(PipResolvedPackage p) => p.IsDirect ? p.Url : torchNames.Contains(ProjectName.Normalize(p.Name)) ? settings.CpuIndexUrl : settings.MainIndexUrl;
        await AtomicFile.WriteAllTextAsync(lockPath, PipLockWriter.Write(all, header, SourceOf), ct).ConfigureAwait(false);
        if (settings.PylockPath is { } pylock)
        {
            var pylockText = PylockWriter.Write(all, header, SourceOf);
            // Read back with the auditor's reader before it replaces anything: a lock we cannot read is not written.
            PylockReader.Read(pylockText, pylock);
            await AtomicFile.WriteAllTextAsync(pylock, pylockText, ct).ConfigureAwait(false);
        }
        _log.Information("Locked {Count} packages from {Requirements} into {Lock} for {Target}", all.Count, requirementsPath, lockPath, settings.Target.Description);
        return new RequirementsLockOutcome(false, fingerprint, all);
    }

    private async Task<IReadOnlyList<PipResolvedPackage>> ResolveRoutedAsync(RequirementsFile file, List<string> options, string routed,
        RequirementsLockSettings settings, HashSet<string> torchNames, CancellationToken ct)
    {
        // The file's own index lines are the user's (often download.pytorch.org); the routed index replaces them all.
        var all = await pip.ResolveAsync(new PipResolveRequest([.. options, .. file.Requirements.Select(Render)], routed, [], settings.PipArguments)
            { Target = settings.Target }, ct).ConfigureAwait(false);
        var cuda = all.Where(p => torchNames.Contains(ProjectName.Normalize(p.Name))
                                  && CudaClassifier.Classify(p.Name, p.Version, settings.Target) == AuditVerdict.Cuda).ToList();
        if (cuda.Count > 0)
            throw new ToolFailedException($"the routed index {routed} served {string.Join(", ", cuda.Select(p => $"{p.Name} {p.Version}"))}, not a +cpu build: "
                                          + "it must serve torch, torchvision and torchaudio only from the CPU index");
        return all;
    }

    private async Task<IReadOnlyList<PipResolvedPackage>> ResolveSplitAsync(RequirementsFile file, List<string> options,
        RequirementsLockSettings settings, HashSet<string> torchNames, CancellationToken ct)
    {
        var mainUrl = settings.MirrorIndexUrl ?? settings.MainIndexUrl;
        var cpuUrl = settings.MirrorCpuIndexUrl ?? settings.CpuIndexUrl;
        var torch = file.Requirements.Where(r => torchNames.Contains(ProjectName.Normalize(r.Name))).ToList();
        var rest = file.Requirements.Where(r => !torchNames.Contains(ProjectName.Normalize(r.Name))).Select(Render).ToList();
        // The file's own PyTorch index lines are replaced by the configured CPU index (which may be a local mirror).
        var extraIndexes = file.ExtraIndexUrls.Where(u => !SameUrl(u, cpuUrl) && !SameUrl(u, settings.CpuIndexUrl) && !IsPyTorchIndex(u)).ToList();

        var pins = new List<string>();
        async Task PinCpuBuildsAsync(IReadOnlyList<string> requirements)
        {
            var cpu = await pip.ResolveAsync(new PipResolveRequest(requirements, cpuUrl, [], settings.PipArguments) { Target = settings.Target }, ct).ConfigureAwait(false);
            foreach (var p in cpu.Where(p => torchNames.Contains(ProjectName.Normalize(p.Name))))
            {
                if (CudaClassifier.Classify(p.Name, p.Version, settings.Target) == AuditVerdict.Cuda)
                    _log.Warning("{Package} {Version} from {Index} is not a +cpu build", p.Name, p.Version, cpuUrl);
                pins.Add($"{p.Name}=={p.Version}");
            }
            if (!extraIndexes.Contains(cpuUrl)) extraIndexes.Insert(0, cpuUrl);
        }
        Task<IReadOnlyList<PipResolvedPackage>> ResolveAllAsync() =>
            pip.ResolveAsync(new PipResolveRequest([.. options, .. pins, .. rest], mainUrl, extraIndexes, settings.PipArguments) { Target = settings.Target }, ct);

        if (torch.Count > 0)
            await PinCpuBuildsAsync(torch.Select(Render).ToList()).ConfigureAwait(false);
        var all = await ResolveAllAsync().ConfigureAwait(false);

        // torch can also arrive through another package (sentence-transformers, ...): pin the CPU build of the
        // version pip chose and resolve again. That first resolution has already read the CUDA build's metadata
        // from the main index: a routed index avoids it.
        var pinned = pins.Select(p => ProjectName.Normalize(p.Split("==")[0])).ToHashSet();
        var transitive = all.Where(p => torchNames.Contains(ProjectName.Normalize(p.Name)) && !pinned.Contains(ProjectName.Normalize(p.Name))).ToList();
        if (transitive.Count > 0)
        {
            _log.Information("{Packages} came in through other requirements; pinning their CPU builds (a routed index would avoid this second pass)",
                string.Join(", ", transitive.Select(p => p.Name)));
            await PinCpuBuildsAsync(transitive.Select(p => $"{p.Name}=={p.Version.Split('+')[0]}").ToList()).ConfigureAwait(false);
            all = await ResolveAllAsync().ConfigureAwait(false);
        }
        return all;
    }

    /// <summary>A requirement line without hashes (hashes in the input would switch pip to hash-checking mode).</summary>
    internal static string Render(RequirementLine r)
    {
        var extras = r.Extras.Count > 0 ? $"[{string.Join(',', r.Extras)}]" : "";
        var version = r.Url is not null ? $" @ {r.Url}" : r.Specifier;
        var marker = r.Marker is not null ? $" ; {r.Marker}" : "";
        return r.Name + extras + version + marker;
    }

    private static string AbsolutizeFileOption(string option, string baseDirectory)
    {
        foreach (var flag in new[] { "-r", "--requirement", "-c", "--constraint" })
        {
            if (option.StartsWith(flag + " ", StringComparison.Ordinal) || option.StartsWith(flag + "=", StringComparison.Ordinal))
                return $"{flag} {Path.GetFullPath(Path.Combine(baseDirectory, option[(flag.Length + 1)..].Trim()))}";
        }
        return option;
    }

    private static bool IsPyTorchIndex(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && string.Equals(u.Host, "download.pytorch.org", StringComparison.OrdinalIgnoreCase);

    private static bool SameUrl(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
