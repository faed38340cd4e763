using Pipeline.Dockerfiles.Shell;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>
/// A <c>pip install</c> found in a shell command (<c>pip</c>, <c>pip3</c>, <c>python -m pip</c>, any path
/// or version suffix), with its options and requirement arguments.
/// </summary>
/// <param name="Command">The simple command that runs pip.</param>
/// <param name="Launcher">The words that start pip (for example <c>pip3</c> or <c>python3 -m pip</c>).</param>
/// <param name="Install">The <c>install</c> word.</param>
/// <param name="Options">Options in order (global options before <c>install</c> included).</param>
/// <param name="Specs">Requirement specifiers given on the command line (<c>torch==2.5.1</c>, <c>.</c>, URLs).</param>
internal sealed record PipInvocation(
    ShellCommand Command,
    IReadOnlyList<ShellWord> Launcher,
    ShellWord Install,
    IReadOnlyList<PipOption> Options,
    IReadOnlyList<ShellWord> Specs)
{
    /// <summary>The launcher as text, for commands this tool generates next to this one.</summary>
    public string LauncherText => string.Join(" ", Launcher.Select(w => w.Value));

    /// <summary>Values of every occurrence of an option.</summary>
    public IEnumerable<string> ValuesOf(string name) => Options.Where(o => o.Name == name && o.Value is not null).Select(o => o.Value!);

    /// <summary>True when the option appears at all.</summary>
    public bool Has(string name) => Options.Any(o => o.Name == name);

    /// <summary><c>-r</c> files.</summary>
    public IEnumerable<string> RequirementFiles => ValuesOf("--requirement");

    /// <summary><c>-c</c> files.</summary>
    public IEnumerable<string> ConstraintFiles => ValuesOf("--constraint");

    /// <summary><c>--index-url</c> (last one wins, as in pip).</summary>
    public string? IndexUrl => ValuesOf("--index-url").LastOrDefault();

    /// <summary><c>--extra-index-url</c> values.</summary>
    public IEnumerable<string> ExtraIndexUrls => ValuesOf("--extra-index-url");

    /// <summary><c>--no-cache-dir</c> is present.</summary>
    public bool NoCacheDir => Has("--no-cache-dir");

    /// <summary><c>--user</c> is present.</summary>
    public bool User => Has("--user");

    /// <summary><c>--prefix</c> value.</summary>
    public string? Prefix => ValuesOf("--prefix").LastOrDefault();

    /// <summary><c>--target</c> value.</summary>
    public string? Target => ValuesOf("--target").LastOrDefault();

    /// <summary><c>--timeout</c> value.</summary>
    public string? Timeout => ValuesOf("--timeout").LastOrDefault();

    /// <summary><c>--retries</c> value.</summary>
    public string? Retries => ValuesOf("--retries").LastOrDefault();
}
