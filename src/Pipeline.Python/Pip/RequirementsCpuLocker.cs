using Pipeline.IO;
using Pipeline.Python.Audit;
using Pipeline.Python.IO;
using Pipeline.Python.Locks;
using Pipeline.Python.Markers;
using Serilog;

namespace Pipeline.Python.Pip;

/// <summary>
/// Locks a requirements-based service with real pip so torch comes from the CPU index. pip pools candidates
/// from all indexes and takes the highest version, so a CPU index given as extra index does not keep CUDA builds
/// out. Therefore: (1) resolve only the torch packages with the CPU index as the ONLY index, which yields
/// <c>+cpu</c> versions; (2) resolve everything else against the main index with those exact <c>+cpu</c>
/// versions pinned and the CPU index as extra index: only the CPU index has those versions, so pooling cannot
/// pick a CUDA build. The lock lists <c>--hash</c> for every file.
/// </summary>
public sealed class RequirementsCpuLocker(PipResolver pip, ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<RequirementsCpuLocker>();

    /// <summary>Resolves <paramref name="requirementsPath"/> and writes the lock to <paramref name="lockPath"/>.</summary>
    public async Task LockAsync(string requirementsPath, string lockPath, RequirementsLockSettings settings, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(requirementsPath, ct).ConfigureAwait(false);
        var file = RequirementsParser.Parse(text, requirementsPath);
        var torchNames = settings.TorchPackages.Select(MarkerEnvironment.NormalizeName).ToHashSet();
        var torch = file.Requirements.Where(r => torchNames.Contains(MarkerEnvironment.NormalizeName(r.Name))).ToList();
        var rest = file.Requirements.Where(r => !torchNames.Contains(MarkerEnvironment.NormalizeName(r.Name))).Select(Render).ToList();
        var options = file.OtherOptions.Select(o => AbsolutizeFileOption(o, Path.GetDirectoryName(Path.GetFullPath(requirementsPath))!)).ToList();
        // The file's own PyTorch index lines are replaced by the configured CPU index (which may be a local mirror).
        var extraIndexes = file.ExtraIndexUrls.Where(u => !SameUrl(u, settings.CpuIndexUrl) && !IsPyTorchIndex(u)).ToList();

        var pins = new List<string>();
        async Task PinCpuBuildsAsync(IReadOnlyList<string> requirements)
        {
            var cpu = await pip.ResolveAsync(new PipResolveRequest(requirements, settings.CpuIndexUrl, [], settings.PipArguments), ct).ConfigureAwait(false);
            foreach (var p in cpu.Where(p => torchNames.Contains(MarkerEnvironment.NormalizeName(p.Name))))
            {
                if (CudaClassifier.Classify(p.Name, p.Version, settings.Target) == AuditVerdict.Cuda)
                    _log.Warning("{Package} {Version} from {Index} is not a +cpu build", p.Name, p.Version, settings.CpuIndexUrl);
                pins.Add($"{p.Name}=={p.Version}");
            }
            if (!extraIndexes.Contains(settings.CpuIndexUrl)) extraIndexes.Insert(0, settings.CpuIndexUrl);
        }
        Task<IReadOnlyList<PipResolvedPackage>> ResolveAllAsync() =>
            pip.ResolveAsync(new PipResolveRequest([.. options, .. pins, .. rest], settings.MainIndexUrl, extraIndexes, settings.PipArguments), ct);

        if (torch.Count > 0)
            await PinCpuBuildsAsync(torch.Select(Render).ToList()).ConfigureAwait(false);
        var all = await ResolveAllAsync().ConfigureAwait(false);

        // torch can also arrive through another package (sentence-transformers, ...): pin the CPU build of the
        // version pip chose and resolve again, so the lock never carries the CUDA build from the main index.
        var pinned = pins.Select(p => MarkerEnvironment.NormalizeName(p.Split("==")[0])).ToHashSet();
        var transitive = all.Where(p => torchNames.Contains(MarkerEnvironment.NormalizeName(p.Name)) && !pinned.Contains(MarkerEnvironment.NormalizeName(p.Name))).ToList();
        if (transitive.Count > 0)
        {
            _log.Information("{Packages} came in through other requirements; pinning their CPU builds", string.Join(", ", transitive.Select(p => p.Name)));
            await PinCpuBuildsAsync(transitive.Select(p => $"{p.Name}=={p.Version.Split('+')[0]}").ToList()).ConfigureAwait(false);
            all = await ResolveAllAsync().ConfigureAwait(false);
        }
        var lockText = PipLockWriter.Write(all, settings.MainIndexUrl, extraIndexes, Path.GetFileName(requirementsPath));
        await AtomicFile.WriteAllTextAsync(lockPath, lockText, ct).ConfigureAwait(false);
        _log.Information("Locked {Count} packages from {Requirements} into {Lock}", all.Count, requirementsPath, lockPath);
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
