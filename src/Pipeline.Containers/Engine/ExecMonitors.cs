namespace Pipeline.Containers.Engine;

/// <summary>
/// Ends the monitors podman keeps for the exec sessions of containers Pipeline has removed. podman runs every exec
/// under a <c>conmon</c> that, once the command ended, waits the engine's <c>exit_command_delay</c> (5 minutes by
/// default, so clients can still read the exit code) before it runs <c>podman container cleanup --exec</c>; removing
/// the container does not end it. A Verify run that execs 30 commands left 60 conmon processes for 5 minutes. Once the
/// container is gone its exec sessions are gone with it, and those monitors have nothing left to do.
/// </summary>
public static class ExecMonitors
{
    /// <summary>
    /// Kills the exec monitors (conmon processes started with <c>--exec-process-spec</c>) of
    /// <paramref name="removedContainerIds"/> (full IDs of containers already removed), and nothing else; only on a
    /// podman engine on this host (a unix socket), where its processes are visible. Returns how many were ended.
    /// </summary>
    public static int EndFor(EngineSession engine, IEnumerable<string> removedContainerIds)
    {
        if (engine.Info.Kind != EngineKind.Podman || engine.Info.Endpoint.Scheme != "unix") return 0;
        var ids = removedContainerIds.Where(id => id.Length == 64).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0) return 0;
        var ended = 0;
        foreach (var (pid, arguments) in Processes())
        {
            if (!IsExecMonitor(arguments, ids)) continue;
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                ended++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended meanwhile, or is not ours to end.
            }
        }
        return ended;
    }

    /// <summary>The exec monitors still running for <paramref name="containerIds"/> (for tests and diagnostics).</summary>
    public static int Count(IEnumerable<string> containerIds)
    {
        var ids = containerIds.ToHashSet(StringComparer.Ordinal);
        return Processes().Count(p => IsExecMonitor(p.Arguments, ids));
    }

    /// <summary>True for <c>conmon … -c &lt;one of ids&gt; … --exec-process-spec …</c>.</summary>
    internal static bool IsExecMonitor(IReadOnlyList<string> arguments, IReadOnlySet<string> containerIds)
    {
        if (arguments.Count == 0 || Path.GetFileName(arguments[0]) != "conmon" || !arguments.Contains("--exec-process-spec")) return false;
        for (var i = 1; i < arguments.Count - 1; i++)
            if (arguments[i] == "-c" && containerIds.Contains(arguments[i + 1])) return true;
        return false;
    }

    private static IEnumerable<(int Pid, IReadOnlyList<string> Arguments)> Processes()
    {
        if (!Directory.Exists("/proc")) yield break;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // ended meanwhile
            }
            if (!commandLine.Contains("conmon", StringComparison.Ordinal)) continue;
            yield return (pid, commandLine.Split('\0', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
