using CliWrap;
using CliWrap.Buffered;
using Pipeline.Python.IO;
using Serilog;

namespace Pipeline.Python.Uv;

/// <summary>Runs <c>uv lock</c> in a project, upgrading the torch packages so they are re-resolved from the CPU index.</summary>
internal sealed class UvLocker(string uvExecutable, ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<UvLocker>();

    /// <summary>uv's version line (<c>uv 0.5.11 (...)</c>): part of a lock's fingerprint. <paramref name="projectDirectory"/> names the project in the not-found error.</summary>
    public async Task<string> VersionAsync(string projectDirectory, CancellationToken ct)
    {
        var uv = ExecutableLocator.Find(uvExecutable) ?? throw NotFound(projectDirectory);
        var result = await Cli.Wrap(uv).WithArguments(["--version"]).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new ToolFailedException($"'{uv} --version' failed (exit {result.ExitCode}): {ToolOutput.LastLines(result.StandardError)}");
        return result.StandardOutput.Trim();
    }

    /// <summary>
    /// Puts <paramref name="headerLine"/> (a TOML comment) first in the lock uv wrote, replacing an older one: uv
    /// reads comments as nothing and drops them when it rewrites the file, when the header is written again.
    /// </summary>
    public static async Task StampAsync(string uvLock, string headerLine, CancellationToken ct)
    {
        if (!File.Exists(uvLock))
            return;
        var text = await File.ReadAllTextAsync(uvLock, ct).ConfigureAwait(false);
        if (text.StartsWith("# inputs: ", StringComparison.Ordinal))
            text = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        await Pipeline.IO.AtomicFile.WriteAllTextAsync(uvLock, headerLine + "\n" + text, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <c>uv lock --upgrade-package P ...</c> in <paramref name="projectDirectory"/> with
    /// <paramref name="environment"/> added (run-time index overrides such as <c>UV_DEFAULT_INDEX</c>; the
    /// pyproject keeps its public URLs). Throws
    /// <see cref="ToolNotFoundException"/> with install advice when uv is missing, <see cref="ToolFailedException"/>
    /// when it fails.
    /// </summary>
    public async Task LockAsync(string projectDirectory, IReadOnlyList<string> upgradePackages, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var uv = ExecutableLocator.Find(uvExecutable) ?? throw NotFound(projectDirectory);
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

    private ToolNotFoundException NotFound(string projectDirectory) => new(
        $"uv was not found ('{uvExecutable}' is not on PATH or does not exist): install uv >= 0.5.3 " +
        "(https://docs.astral.sh/uv/getting-started/installation/) or set the uv executable option; " +
        $"pyproject.toml in {projectDirectory} was repaired but uv.lock was not refreshed");
}
