using System.Globalization;
using Serilog;

namespace Pipeline.Containers.Engine;

/// <summary>
/// Keeps a service process Pipeline starts from outliving it. Two guards: the process is started through
/// <c>setpriv --pdeathsig KILL</c> (util-linux: the kernel kills it when the thread that started it ends, so a
/// crash or <c>kill -9</c> of the build takes the service along), and a pid file next to its socket, so a service
/// left by a build that died anyway (no setpriv) is found and ended at the next start.
/// </summary>
internal static class ServiceProcessGuard
{
    private static readonly string? SetPriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);
    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// The executable and arguments to run: in a session of its own (<c>setsid</c>: Ctrl+C in a terminal signals the
    /// whole foreground process group, and a service that died with it could not be asked to remove the stopped
    /// builds' containers; Pipeline stops it itself, after that) and with <c>setpriv --pdeathsig KILL</c>. Both
    /// exec in place, so the pid started is the service's.
    /// </summary>
    public static (string Executable, IReadOnlyList<string> Arguments) Wrap(string executable, IReadOnlyList<string> arguments)
    {
        IReadOnlyList<string> command = SetPriv is null ? [executable, .. arguments] : [SetPriv, "--pdeathsig", "KILL", "--", executable, .. arguments];
        if (SetSid is not null) command = [SetSid, .. command];
        return (command[0], command.Skip(1).ToList());
    }

    /// <summary>The pid file of the service owned by process <paramref name="ownerPid"/> in <paramref name="directory"/>.</summary>
    public static string PidFile(string directory, int ownerPid) => Path.Combine(directory, $"podman-{ownerPid}.pid");

    /// <summary>Records the service's pid (owner pid in the file name).</summary>
    public static void Record(string directory, int ownerPid, int servicePid) =>
        File.WriteAllText(PidFile(directory, ownerPid), servicePid.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Ends services recorded in <paramref name="directory"/> whose owner is no longer running (only a process whose
    /// command line still names that socket: a reused pid is left alone) and removes their pid files and sockets.
    /// Returns how many were ended.
    /// </summary>
    public static int Sweep(string directory, ILogger logger)
    {
        var ended = 0;
        if (!Directory.Exists(directory)) return 0;
        foreach (var file in Directory.EnumerateFiles(directory, "podman-*.pid"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!int.TryParse(name["podman-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var owner)) continue;
            if (owner == Environment.ProcessId || IsRunning(owner)) continue;
            var socket = Path.Combine(directory, name + ".sock");
            if (int.TryParse(ReadOrEmpty(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var service)
                && CommandLine(service).Contains(socket, StringComparison.Ordinal))
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(service).Kill();
                    ended++;
                    logger.Warning("Ended podman system service {Pid} left by build process {Owner}, which is gone", service, owner);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // it ended meanwhile
                }
            }
            File.Delete(socket);
            File.Delete(file);
        }
        return ended;
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    private static string CommandLine(int pid) => ReadOrEmpty($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
