namespace Pipeline.Verify.Probing;

/// <summary>
/// The shell script that reports how torch is installed in an image, and the parser of its output
/// (<c>key=value</c> lines). With the image's own Python (<see cref="InterpreterProbe"/>) it imports torch and asks
/// <c>torch.version.cuda</c> and <c>torch.cuda.is_available()</c>; without one it can only read the version from torch's
/// dist-info, and says so (<c>python=absent</c>).
/// </summary>
internal static class TorchProbe
{
    /// <summary>The probe script (POSIX sh), run with the first of <paramref name="interpreters"/> that runs.</summary>
    public static string Script(IReadOnlyList<InterpreterCandidate> interpreters) => InterpreterProbe.Preamble(interpreters) + """
        if [ -n "$PY" ]; then
          "$PY" -c '
        import importlib.metadata as m
        try:
            v = m.version("torch")
        except m.PackageNotFoundError:
            print("installed=no")
            raise SystemExit(0)
        print("installed=yes")
        print("version=" + v)
        import torch
        print("cuda=" + str(torch.version.cuda))
        print("available=" + str(torch.cuda.is_available()))
        '
        else
          echo "python=absent"
          f=$(find / -xdev \( -path /proc -o -path /sys -o -path /dev \) -prune -o -type f -path "*/torch-*.dist-info/METADATA" -print 2>/dev/null | head -n 1)
          if [ -n "$f" ]; then
            echo "installed=yes"
            echo "version=$(sed -n "s/^Version:[[:space:]]*//p" "$f" | head -n 1 | tr -d "\r")"
          else
            echo "installed=no"
          fi
        fi
        """;

    /// <summary>Parses the script's output (missing keys stay null: e.g. when <c>import torch</c> failed half-way).</summary>
    public static TorchProbeResult Parse(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#')) continue; // the interpreter line
            var eq = line.IndexOf('=');
            if (eq > 0) values[line[..eq]] = line[(eq + 1)..];
        }
        return new TorchProbeResult(
            Installed: values.GetValueOrDefault("installed") == "yes",
            PythonAvailable: values.GetValueOrDefault("python") != "absent",
            Version: values.GetValueOrDefault("version"),
            CudaVersion: values.GetValueOrDefault("cuda") is { } cuda && cuda != "None" ? cuda : null,
            CudaReported: values.ContainsKey("cuda"),
            CudaAvailable: values.GetValueOrDefault("available") switch { "True" => true, "False" => false, _ => null })
        {
            Interpreter = InterpreterProbe.Parse(output),
        };
    }
}
