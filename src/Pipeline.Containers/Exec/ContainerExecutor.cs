using Docker.DotNet.Models;
using Pipeline.Containers.Engine;

namespace Pipeline.Containers.Exec;

/// <summary>What a command run in a container printed and returned.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
public sealed record ExecResult(long ExitCode, string Stdout, string Stderr);

/// <summary>Runs a command in a running container through the API, with stdout and stderr kept apart.</summary>
public sealed class ContainerExecutor(EngineSession engine)
{
    /// <summary>Runs <paramref name="command"/> in <paramref name="container"/> and waits for it.</summary>
    public async Task<ExecResult> ExecAsync(string container, IReadOnlyList<string> command, CancellationToken ct = default)
    {
        var exec = await engine.Client.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(), AttachStdout = true, AttachStderr = true,
        }, ct);
        using var stream = await engine.Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), ct);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(ct);
        return new ExecResult(await ReadExitCodeAsync(engine, exec.ID, ct) ?? -1, stdout, stderr);
    }

    /// <summary>
    /// The exit code of exec session <paramref name="execId"/> whose output has ended; null when the engine has not
    /// recorded one within about a second.
    /// </summary>
    public static async Task<long?> ReadExitCodeAsync(EngineSession engine, string execId, CancellationToken ct)
    {
        // The output stream can close a moment before the engine records the exit code: ask a few times, for at most
        // about a second.
        for (var attempt = 0; ; attempt++)
        {
            var inspect = await engine.Client.Exec.InspectContainerExecAsync(execId, ct);
            if (!inspect.Running && inspect.ExitCode is not null) return inspect.ExitCode;
            if (attempt >= 50) return inspect.ExitCode;
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }
}
