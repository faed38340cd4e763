using CliWrap;
using CliWrap.Exceptions;
using Serilog;

namespace Pipeline.Build;

/// <summary>
/// Runs external tools with their output streamed into the build log, line by line, and a clear failure
/// (tool, exit code, last lines of output) when they fail. Cancellation kills the process.
/// </summary>
public static class ProcessTasks
{
    /// <summary>How many of the last output lines a failure message quotes.</summary>
    public const int TailLines = 20;

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/>; throws <see cref="BuildFailedException"/> on a
    /// non-zero exit, whose message is the tool and exit code, then its last <see cref="TailLines"/> lines of output.
    /// </summary>
    public static async Task RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, ILogger? logger = null, CancellationToken ct = default)
    {
        var log = logger ?? Log.Logger;
        var args = arguments.ToList();
        // Only the tail is kept: the whole output is already in the build log, line by line.
        var tail = new Queue<string>();
        void OnLine(string line)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines) tail.Dequeue();
            }
            log.Information("{Line}", line);
        }

        log.Debug("> {Tool} {Arguments}", tool, string.Join(" ", args));
        var command = Cli.Wrap(tool)
            .WithArguments(args)
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None);
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(ct);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildFailedException($"'{tool}' could not be started: {e.Message}. Is it installed and on PATH?", inner: e);
        }
        catch (CliWrapException e)
        {
            throw new BuildFailedException($"'{tool}' could not be started: {e.Message}", inner: e);
        }
        if (result.ExitCode != 0)
        {
            string[] last;
            lock (tail) last = tail.ToArray();
            var summary = $"{Path.GetFileName(tool)} {string.Join(" ", args.Take(2))} exited with code {result.ExitCode}";
            throw new BuildFailedException(last.Length == 0
                ? $"{summary} (no output)"
                : $"{summary}; last {last.Length} lines of output:\n{string.Join("\n", last.Select(l => "  " + l))}");
        }
    }
}
