namespace Pipeline.Python;

/// <summary>
/// The machine a lock is sized and audited for. Defaults describe the stack's images: CPython on Linux x86-64
/// with glibc 2.36 (Debian 12, as in python:3.11-slim).
/// </summary>
public sealed record TargetPlatform
{
    /// <summary>The <c>python_version</c> marker value (major.minor). Default 3.11.</summary>
    public string PythonVersion { get; init; } = "3.11";

    /// <summary>The <c>python_full_version</c> marker value; defaults to <see cref="PythonVersion"/> + ".0".</summary>
    public string PythonFullVersion
    {
        get => _pythonFullVersion ?? PythonVersion + ".0";
        init => _pythonFullVersion = value;
    }

    private readonly string? _pythonFullVersion;

    /// <summary>The <c>sys_platform</c> marker value. Default linux.</summary>
    public string SysPlatform { get; init; } = "linux";

    /// <summary>The <c>platform_system</c> marker value. Default Linux.</summary>
    public string PlatformSystem { get; init; } = "Linux";

    /// <summary>The <c>platform_machine</c> marker value and wheel architecture. Default x86_64.</summary>
    public string PlatformMachine { get; init; } = "x86_64";

    /// <summary>The <c>os_name</c> marker value. Default posix.</summary>
    public string OsName { get; init; } = "posix";

    /// <summary>The <c>implementation_name</c> marker value. Default cpython.</summary>
    public string ImplementationName { get; init; } = "cpython";

    /// <summary>The <c>platform_python_implementation</c> marker value. Default CPython.</summary>
    public string PlatformPythonImplementation { get; init; } = "CPython";

    /// <summary>The <c>platform_release</c> marker value (kernel release); rarely used. Default empty.</summary>
    public string PlatformRelease { get; init; } = "";

    /// <summary>The <c>platform_version</c> marker value; rarely used. Default empty.</summary>
    public string PlatformVersion { get; init; } = "";

    /// <summary>Highest glibc minor version (2.X) the target has, for <c>manylinux_2_X</c> wheels. Default 36.</summary>
    public int GlibcMinor { get; init; } = 36;

    /// <summary>
    /// The C library wheels must be built for: <c>glibc</c> (default; Debian-based images) or <c>musl</c>
    /// (Alpine images, <c>musllinux_1_N</c> wheels).
    /// </summary>
    public string Libc { get; init; } = "glibc";

    /// <summary>Highest musl minor version (1.X) for <c>musllinux_1_X</c> wheels when <see cref="Libc"/> is musl. Default 2.</summary>
    public int MuslMinor { get; init; } = 2;

    /// <summary>
    /// The platform tags given to pip's <c>--platform</c>, newest first: every <c>manylinux_2_N</c> down to 2.5
    /// with the legacy aliases (pip expands only the legacy names itself), or every <c>musllinux_1_N</c>; then
    /// <c>linux_ARCH</c> (the PyTorch CPU index publishes <c>linux_x86_64</c> wheels).
    /// </summary>
    public IReadOnlyList<string> WheelPlatforms()
    {
        var arch = PlatformMachine;
        var tags = new List<string>();
        if (Libc == "musl")
        {
            for (var m = MuslMinor; m >= 1; m--) tags.Add($"musllinux_1_{m}_{arch}");
        }
        else
        {
            for (var g = GlibcMinor; g >= 5; g--)
            {
                tags.Add($"manylinux_2_{g}_{arch}");
                if (g switch { 17 => "manylinux2014", 12 => "manylinux2010", 5 => "manylinux1", _ => null } is { } legacy)
                    tags.Add($"{legacy}_{arch}");
            }
        }
        tags.Add($"linux_{arch}");
        return tags;
    }

    /// <summary>Everything that changes what a resolver picks, on one line (lock headers and fingerprints).</summary>
    public string Description => $"{PlatformPythonImplementation} {PythonFullVersion} {SysPlatform} {PlatformMachine} "
                                 + (Libc == "musl" ? $"musl 1.{MuslMinor}" : $"glibc 2.{GlibcMinor}");

    /// <summary>Linux x86-64 CPython of the given version (e.g. "3.12").</summary>
    public static TargetPlatform LinuxX86_64(string pythonVersion = "3.11") => new() { PythonVersion = pythonVersion };

    /// <inheritdoc />
    public override string ToString() => $"CPython {PythonVersion} {SysPlatform} {PlatformMachine}";
}
