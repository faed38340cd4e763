namespace Pipeline.Python.Conda;

/// <summary>One package a conda environment file installs.</summary>
/// <param name="Name">Package name (lower case as conda writes it).</param>
/// <param name="Version">Version or spec as written (<c>2.5.1</c>, <c>&gt;=2.4</c>, empty when none).</param>
/// <param name="Build">Build string (<c>py3.11_cuda12.4_cudnn9.1.0_0</c>), empty when not given.</param>
/// <param name="Channel">Channel it comes from (<c>pytorch</c>, <c>conda-forge</c>), or <c>pypi</c> for pip entries; empty when unknown.</param>
/// <param name="Manager"><c>conda</c> or <c>pip</c>.</param>
/// <param name="Platform">conda subdir it is for (<c>linux-64</c>), or null when the file is not per platform.</param>
/// <param name="Line">1-based line of the entry.</param>
internal sealed record CondaPackage(string Name, string Version, string Build, string Channel, string Manager, string? Platform, int Line);

/// <summary>A parsed conda environment file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Kind">Which of the three formats it is.</param>
/// <param name="Channels">Channels in priority order (environment.yml's <c>channels</c>); empty for the others.</param>
/// <param name="Packages">Entries in file order.</param>
internal sealed record CondaEnvironment(string Path, CondaFileKind Kind, IReadOnlyList<string> Channels, IReadOnlyList<CondaPackage> Packages);

/// <summary>The conda environment formats LockCpu audits.</summary>
internal enum CondaFileKind
{
    /// <summary><c>environment.yml</c>: channels and match specs, optionally a <c>pip:</c> list.</summary>
    Environment,

    /// <summary><c>conda-lock.yml</c>: resolved packages per platform with URLs.</summary>
    CondaLock,

    /// <summary>An <c>@EXPLICIT</c> list of package URLs (<c>conda list --explicit</c>).</summary>
    Explicit,
}
