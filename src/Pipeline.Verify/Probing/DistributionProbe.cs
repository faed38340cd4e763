using Pipeline.Python.Markers;
namespace Pipeline.Verify.Probing;

/// <summary>
/// The shell script that lists installed Python distributions in any image, and the parser of its
/// output. With the image's own Python (<see cref="InterpreterProbe"/>) it asks <c>importlib.metadata</c> (what that
/// interpreter really imports); without one, it reads <c>*.dist-info/METADATA</c> and <c>*.egg-info/PKG-INFO</c> files with find/sed,
/// which works on images that only carry files.
/// </summary>
internal static class DistributionProbe
{
    /// <summary>First output line when importlib.metadata answered.</summary>
    public const string ImportlibSource = "# source: importlib.metadata";

    /// <summary>First output line when metadata files were read instead.</summary>
    public const string FilesSource = "# source: metadata files";

    /// <summary>Exit code when the image has neither a Python interpreter nor find.</summary>
    public const int NoToolsExitCode = 3;

    /// <summary>
    /// The probe script (POSIX sh; prints one <c>name==version</c> per line) for an image whose Python may be at
    /// <paramref name="interpreters"/> (<see cref="InterpreterProbe.Candidates(Engine.ImageFacts)"/>): the first that runs
    /// is asked, and named in the output (<see cref="Interpreter"/>).
    /// </summary>
    public static string Script(IReadOnlyList<InterpreterCandidate> interpreters) => InterpreterProbe.Preamble(interpreters) + """
        if [ -n "$PY" ] && "$PY" -c 'import importlib.metadata' >/dev/null 2>&1; then
          echo "# source: importlib.metadata"
          "$PY" -c '
        import importlib.metadata as m
        for d in m.distributions():
            print("%s==%s" % (d.metadata["Name"], d.version))
        '
        elif command -v find >/dev/null 2>&1; then
          echo "# source: metadata files"
          find / -xdev \( -path /proc -o -path /sys -o -path /dev \) -prune -o -type f \( -path "*.dist-info/METADATA" -o -path "*.egg-info/PKG-INFO" \) -print 2>/dev/null |
          while IFS= read -r f; do
            n=$(sed -n "s/^Name:[[:space:]]*//p" "$f" | head -n 1 | tr -d "\r")
            v=$(sed -n "s/^Version:[[:space:]]*//p" "$f" | head -n 1 | tr -d "\r")
            echo "$n==$v"
          done
        else
          echo "neither a Python interpreter nor find is in the image: cannot list Python distributions" >&2
          exit 3
        fi
        """;

    /// <summary>The interpreter the script asked, or null when it read metadata files.</summary>
    public static ProbedInterpreter? Interpreter(string output) => InterpreterProbe.Parse(output);

    /// <summary>Parses the script's output: one distribution per <c>name==version</c> line, de-duplicated by normalised name.</summary>
    public static IReadOnlyList<InstalledDistribution> Parse(string output)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<InstalledDistribution>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var separator = line.IndexOf("==", StringComparison.Ordinal);
            if (separator <= 0) continue;
            var name = line[..separator].Trim();
            if (name.Length == 0 || name == "None") continue;
            if (seen.Add(MarkerEnvironment.NormalizeName(name)))
                result.Add(new InstalledDistribution(name, line[(separator + 2)..].Trim()));
        }
        return result;
    }

    /// <summary>
    /// The CUDA distributions among <paramref name="installed"/> (<see cref="InstalledDistribution.IsCuda"/>), ordered by
    /// name so the failure reads the same whatever order the image's file system listed them in.
    /// </summary>
    public static IReadOnlyList<InstalledDistribution> Cuda(IEnumerable<InstalledDistribution> installed) =>
        installed.Where(d => d.IsCuda).OrderBy(d => MarkerEnvironment.NormalizeName(d.Name), StringComparer.Ordinal).ToList();

    /// <summary>Which source the output came from ("importlib.metadata" / "metadata files"), or null.</summary>
    public static string? Source(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("# source: ", StringComparison.Ordinal)) return trimmed["# source: ".Length..];
        }
        return null;
    }
}
