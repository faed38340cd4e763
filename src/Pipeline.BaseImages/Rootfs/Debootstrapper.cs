using System.Diagnostics;
using CliWrap;
using Serilog;

namespace Pipeline.BaseImages.Rootfs;

/// <summary>
/// Runs <c>debootstrap --variant=minbase</c> into a directory. Output is streamed at Debug; since a
/// run takes 60–90 s, an Information line with the elapsed time and latest step appears every
/// <see cref="PythonBaseImageOptions.ProgressInterval"/>. Cancelling kills the process tree.
/// </summary>
internal sealed class Debootstrapper(ILogger log)
{
    /// <summary>The command-line arguments (pure; shown in logs and tested).</summary>
    public static IReadOnlyList<string> Arguments(string suite, string rootfs, string mirror, IEnumerable<string> packages, string packageCache) =>
        ["--variant=minbase", $"--include={string.Join(',', packages)}", $"--cache-dir={packageCache}", suite, rootfs, mirror];

    /// <summary>
    /// Runs <paramref name="executable"/> with <paramref name="arguments"/> (from <see cref="Arguments"/>) to fill
    /// <paramref name="rootfs"/>; throws <see cref="BaseImageException"/> on failure, after copying debootstrap's own log
    /// to <paramref name="failureLog"/> (the caller removes the half-made root filesystem, the log is what tells why).
    /// </summary>
    public async Task RunAsync(string executable, IReadOnlyList<string> arguments, string rootfs, string failureLog, TimeSpan progressInterval, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var tail = new Queue<string>();
        var gate = new object();

        void OnLine(string line)
        {
            log.Debug("debootstrap: {Line:l}", line);
            lock (gate)
            {
                tail.Enqueue(line);
                if (tail.Count > 5) tail.Dequeue();
                if (clock.Elapsed - lastReport < progressInterval) return;
                lastReport = clock.Elapsed;
            }
            log.Information("Base image: debootstrap running for {Elapsed:0} s ({Line:l})", clock.Elapsed.TotalSeconds, line);
        }

        log.Information("Base image: {Executable:l} {Arguments:l}", executable, string.Join(' ', arguments));
        CommandResult result;
        try
        {
            result = await Cli.Wrap(executable)
                .WithArguments(arguments)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(ct);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BaseImageException($"Cannot start '{executable}': install it (apt-get install -y debootstrap)", e);
        }

        if (result.ExitCode != 0)
        {
            string last;
            lock (gate) last = string.Join(" | ", tail);
            var own = Path.Combine(rootfs, "debootstrap", "debootstrap.log");
            var where = File.Exists(own) ? $"see {failureLog}" : "it wrote no log";
            if (File.Exists(own)) File.Copy(own, failureLog, overwrite: true);
            throw new BaseImageException(
                $"debootstrap exited with code {result.ExitCode} after {clock.Elapsed.TotalSeconds:0} s ({where}): {last}");
        }
        log.Information("Base image: debootstrap finished in {Elapsed:0.0} s", clock.Elapsed.TotalSeconds);
    }
}
