using Pipeline.Containers.Engine;
using Pipeline.Verify.Engine;
using Serilog;

namespace Pipeline.Verify.Probing;

/// <summary>What the Python an image runs says about itself.</summary>
/// <param name="ImageId">The image asked.</param>
/// <param name="Interpreter">The interpreter that answered (<see cref="InterpreterProbe"/>).</param>
/// <param name="Version">Its full version, e.g. <c>3.11.2</c>.</param>
/// <param name="Machine"><c>platform.machine()</c>, e.g. <c>x86_64</c>.</param>
/// <param name="Libc"><c>glibc</c> or <c>musl</c>.</param>
/// <param name="LibcVersion">The C library's version, e.g. <c>2.36</c> (empty when it did not say).</param>
public sealed record ImagePython(string ImageId, ProbedInterpreter Interpreter, string Version, string Machine, string Libc, string LibcVersion);

/// <summary>
/// Asks an image which Python it runs (version, machine, C library) in a throw-away probe container, the way Verify
/// probes images: entrypoint replaced by an idle shell, no network, labelled <c>io.pipeline.verify</c> (so
/// <c>CleanEngine</c> removes one a killed build left), always removed. For a service whose base image's tag names
/// no Python (<c>FROM debian:bookworm</c>, a custom base), LockCpu locks for what this answers.
/// </summary>
public static class ImagePythonQuery
{
    /// <summary>The script (POSIX sh): finds the interpreter, then prints <c>key=value</c> lines.</summary>
    public static string Script(IReadOnlyList<InterpreterCandidate> interpreters) => InterpreterProbe.Preamble(interpreters) + """
        [ -n "$PY" ] || exit 4
        "$PY" -c '
        import os, platform, sys
        print("version=%d.%d.%d" % sys.version_info[:3])
        print("machine=" + platform.machine())
        try:
            print("glibc=" + os.confstr("CS_GNU_LIBC_VERSION").split()[-1])
        except (AttributeError, ValueError, OSError, IndexError):
            pass
        '
        for f in /lib/ld-musl-*; do
          [ -e "$f" ] && echo "musl=$("$f" 2>&1 | sed -n "s/^Version //p" | head -n 1)" && break
        done
        exit 0
        """;

    /// <summary>
    /// The Python <paramref name="image"/> runs, or null when the engine has no such image or the image has no Python.
    /// </summary>
    /// <exception cref="InvalidOperationException">The probe ran but its answer cannot be read (one line, with the output).</exception>
    public static async Task<ImagePython?> AskAsync(EngineSession engine, string image, ILogger? logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(image);
        var facts = await ImageInspector.InspectAsync(engine, image, ct);
        if (facts is null) return null;
        var settings = new ProbeSettings(
            "python-" + Guid.NewGuid().ToString("N")[..12], ["/bin/sh", "-c"], 1024, 4096, 65_536, TimeSpan.FromSeconds(30));
        await using var probe = await ProbeContainer.StartAsync(engine, new VerifyTarget("python-query", image), settings, logger ?? Log.Logger, ct);
        var output = await probe.ExecAsync(Script(InterpreterProbe.Candidates(facts)), TimeSpan.FromSeconds(60), ct);
        if (output.ExitCode == 4) return null;
        return Parse(facts.Id, output.Stdout)
               ?? throw new InvalidOperationException($"asking {image} for its Python gave no answer: {output.Describe()}");
    }

    /// <summary>Reads the script's output; null when it names no interpreter or no version.</summary>
    public static ImagePython? Parse(string imageId, string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var interpreter = InterpreterProbe.Parse(output);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=');
            if (eq > 0 && !line.StartsWith('#')) values[line[..eq]] = line[(eq + 1)..];
        }
        if (interpreter is null || values.GetValueOrDefault("version") is not { Length: > 0 } version) return null;
        var musl = values.TryGetValue("musl", out var muslVersion);
        return new ImagePython(imageId, interpreter, version, values.GetValueOrDefault("machine", ""),
            musl ? "musl" : "glibc", musl ? muslVersion! : values.GetValueOrDefault("glibc", ""));
    }
}
