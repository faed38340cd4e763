using Pipeline.Dockerfiles.IO;
using Pipeline.Dockerfiles.Pip;
using Pipeline.Packaging;

namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>Decides whether a pip install brings in PyTorch and which torch pins it asks for.</summary>
internal sealed class TorchRequirements(ConfigurePipOptions options)
{
    private readonly HashSet<string> _torch = options.TorchPackages.Select(ProjectName.Normalize).ToHashSet();
    private readonly HashSet<string> _dependents = options.TorchDependents.Select(ProjectName.Normalize).ToHashSet();

    /// <summary>Requirements of an install: specs on the command line and the <c>-r</c> files it reads.</summary>
    public static IReadOnlyList<SourcedRequirement> Of(PipSite site, Func<RequirementFileRef, ResolvedRequirements?> files)
    {
        var list = site.Invocation.Specs
            .SelectMany(spec => RequirementsLoader.Parse(spec.Value, "command line"))
            .Select(r => new SourcedRequirement(r, "command line"))
            .ToList();
        foreach (var file in site.Files.Where(f => !f.IsConstraint))
            list.AddRange(files(file)?.Requirements ?? []);
        return list;
    }

    /// <summary>True when the requirements name torch or a package known to pull it.</summary>
    public bool NeedsTorch(IEnumerable<SourcedRequirement> requirements) =>
        requirements.Any(r => _torch.Contains(r.Requirement.Project) || _dependents.Contains(r.Requirement.Project));

    /// <summary>The torch packages to install from the CPU index, pinned as the requirements pin them.</summary>
    public IReadOnlyList<SourcedRequirement> Pins(IEnumerable<SourcedRequirement> requirements)
    {
        var pins = requirements.Where(r => _torch.Contains(r.Requirement.Project)).DistinctBy(r => r.Requirement.Project).ToList();
        return pins.Count > 0 ? pins : [new SourcedRequirement(RequirementLine.Unpinned("torch"), "pulled in by a dependency")];
    }

    /// <summary>True when the install already takes torch from the CPU index (this tool's or a hand-made one).</summary>
    public bool IsCpuInstall(PipSite site)
    {
        var index = site.Invocation.IndexUrl;
        if (index is null)
            return false;
        var cpu = index.Contains(options.TorchIndexArg, StringComparison.Ordinal)
            || string.Equals(index.TrimEnd('/'), options.TorchCpuIndexUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        return cpu && site.Invocation.Specs.SelectMany(s => RequirementsLoader.Parse(s.Value, "command line")).Any(r => _torch.Contains(r.Project));
    }

    /// <summary>True when <paramref name="url"/> is a PyTorch wheel index.</summary>
    public bool IsTorchIndex(string url) =>
        url.Contains("download.pytorch.org", StringComparison.OrdinalIgnoreCase)
        || string.Equals(url.TrimEnd('/'), options.TorchCpuIndexUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
