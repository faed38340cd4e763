using CliWrap;
using CliWrap.Buffered;
using Pipeline.Python.IO;
using Serilog;

namespace Pipeline.Python.Uv;

/// <summary>Runs <c>uv lock</c> in a project, upgrading the torch packages so they are re-resolved from the CPU index.</summary>
public sealed class UvLocker(string uvExecutable, ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<UvLocker>();

    /// <summary>
    /// Runs <c>uv lock --upgrade-package P ...</c> in <paramref name="projectDirectory"/> with
    /// <paramref name="environment"/> added (run-time index overrides such as <c>UV_DEFAULT_INDEX</c>; the
    /// pyproject keeps its public URLs). Throws
    /// <see cref="ToolNotFoundException"/> with install advice when uv is missing, <see cref="ToolFailedException"/>
    /// when it fails.
    /// </summary>
    public async Task LockAsync(string projectDirectory, IReadOnlyList<string> upgradePackages, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var uv = ExecutableLocator.Find(uvExecutable) ?? throw new ToolNotFoundException(
            $"uv was not found ('{uvExecutable}' is not on PATH or does not exist): install uv >= 0.5.3 " +
            "(https://docs.astral.sh/uv/getting-started/installation/) or set the uv executable option; " +
            $"pyproject.toml in {projectDirectory} was repaired but uv.lock was not refreshed");
        var args = new List<string> { "lock" };
        foreach (var p in upgradePackages)
            args.AddRange(["--upgrade-package", p]);
        _log.Information("Running {Uv} {Args} in {Directory}", uv, args, projectDirectory);
        var result = await Cli.Wrap(uv).WithArguments(args).WithWorkingDirectory(projectDirectory)
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, e => (string?)e.Value))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new ToolFailedException($"uv lock failed in {projectDirectory} (exit {result.ExitCode}): {ToolOutput.LastLines(result.StandardError)}");
    }
}
