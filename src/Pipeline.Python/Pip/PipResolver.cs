using CliWrap;
using CliWrap.Buffered;
using Pipeline.Python.IO;
using Serilog;

namespace Pipeline.Python.Pip;

/// <summary>
/// Resolves requirements with real pip without installing anything:
/// <c>python -m pip install --dry-run --ignore-installed --report FILE</c>. pip downloads the chosen wheels to
/// read their metadata, so this needs the indexes to be reachable.
/// </summary>
public sealed class PipResolver(string pythonExecutable, ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<PipResolver>();

    /// <summary>Runs pip and returns what it would install.</summary>
    public async Task<IReadOnlyList<PipResolvedPackage>> ResolveAsync(PipResolveRequest request, CancellationToken ct)
    {
        var python = ExecutableLocator.Find(pythonExecutable)
                     ?? throw new ToolNotFoundException($"python was not found ('{pythonExecutable}' is not on PATH or does not exist): set the python executable option");
        var work = Directory.CreateTempSubdirectory("pipeline-pip-");
        try
        {
            var requirements = Path.Combine(work.FullName, "requirements.in");
            var report = Path.Combine(work.FullName, "report.json");
            await File.WriteAllLinesAsync(requirements, request.RequirementLines, ct).ConfigureAwait(false);
            var args = new List<string>
            {
                "-m", "pip", "install", "--dry-run", "--ignore-installed", "--disable-pip-version-check", "--no-input",
                "--quiet", "--report", report, "-r", requirements, "--index-url", request.IndexUrl,
            };
            foreach (var extra in request.ExtraIndexUrls)
                args.AddRange(["--extra-index-url", extra]);
            // pip caches and accepts plain-http indexes only for trusted hosts (python-packaging.md).
            foreach (var host in request.ExtraIndexUrls.Prepend(request.IndexUrl).Select(HttpHost).OfType<string>().Distinct())
                args.AddRange(["--trusted-host", host]);
            args.AddRange(request.ExtraArguments);
            _log.Information("Resolving {Count} requirement lines with pip against {Index} {Extra}", request.RequirementLines.Count, request.IndexUrl, request.ExtraIndexUrls);
            var result = await Cli.Wrap(python).WithArguments(args)
                .WithEnvironmentVariables(e => e
                    // A dry run installs nothing, so Debian's "externally managed" guard does not apply.
                    .Set("PIP_BREAK_SYSTEM_PACKAGES", "1")
                    // Only the indexes of the request may be consulted: a user's PIP_FIND_LINKS/extra index or
                    // pip.conf would be pooled with them and could slip a CUDA torch into the "CPU index only" step.
                    // A null value removes the variable; PIP_CERT stays so https mirrors still verify.
                    .Set("PIP_INDEX_URL", null)
                    .Set("PIP_EXTRA_INDEX_URL", null)
                    .Set("PIP_FIND_LINKS", null)
                    .Set("PIP_NO_INDEX", null)
                    .Set("PIP_CONFIG_FILE", "/dev/null"))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(ct).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new ToolFailedException($"pip could not resolve the requirements (exit {result.ExitCode}): {ToolOutput.LastLines(result.StandardError)}");
            return PipReport.Parse(await File.ReadAllTextAsync(report, ct).ConfigureAwait(false), report);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string? HttpHost(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp ? u.Authority : null;
}
