using CliWrap;
using CliWrap.Buffered;
using Pipeline.Python.IO;
using Serilog;

namespace Pipeline.Python.Pip;

/// <summary>
/// Resolves requirements with real pip without installing anything:
/// <c>python -m pip install --dry-run --ignore-installed --report FILE</c>. pip reads each candidate's metadata
/// (PEP 658 <c>.metadata</c> files when the index serves them, else the wheel), so the indexes must be reachable.
/// </summary>
/// <remarks>
/// For another interpreter pip takes <c>--python-version</c>/<c>--platform</c> (wheel tags, Requires-Python) but
/// still evaluates environment markers against the Python running it (pip 23-25), so a 3.13 lock made by a 3.11
/// pip would keep <c>numpy; python_version &lt; "3.12"</c>. pip therefore runs through a small bootstrap that
/// overrides the marker environment of pip's vendored <c>packaging</c> with the target's values.
/// </remarks>
internal sealed class PipResolver(string pythonExecutable, ILogger? logger = null)
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
            var bootstrap = Path.Combine(work.FullName, "pip_for_target.py");
            await File.WriteAllTextAsync(bootstrap, TargetBootstrap, ct).ConfigureAwait(false);
            var args = new List<string> { bootstrap, request.Target is { } target ? MarkerOverrides(target) : "{}" };
            args.AddRange(
            [
                "install", "--dry-run", "--ignore-installed", "--disable-pip-version-check", "--no-input",
                "--quiet", "--report", report, "-r", requirements, "--index-url", request.IndexUrl,
            ]);
            if (request.Target is { } t)
            {
                // pip accepts platform options only with --target; with --dry-run nothing is written there.
                args.AddRange(["--target", Path.Combine(work.FullName, "target"), "--python-version", t.PythonVersion, "--only-binary=:all:"]);
                foreach (var platform in t.WheelPlatforms())
                    args.AddRange(["--platform", platform]);
            }
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

    /// <summary>
    /// pip's version line for the target interpreter, e.g. <c>pip 23.2.1 from ... (python 3.11)</c> without the
    /// path: part of a lock's fingerprint, because another resolver may resolve the same inputs differently.
    /// </summary>
    public async Task<string> VersionAsync(CancellationToken ct) => _version ??= await ReadVersionAsync(ct).ConfigureAwait(false);

    private string? _version;

    private async Task<string> ReadVersionAsync(CancellationToken ct)
    {
        var python = ExecutableLocator.Find(pythonExecutable)
                     ?? throw new ToolNotFoundException($"python was not found ('{pythonExecutable}' is not on PATH or does not exist): set the python executable option");
        var result = await Cli.Wrap(python).WithArguments(["-m", "pip", "--version"])
            .WithEnvironmentVariables(e => e.Set("PIP_CONFIG_FILE", "/dev/null"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new ToolFailedException($"'{python} -m pip --version' failed (exit {result.ExitCode}): {ToolOutput.LastLines(result.StandardError)}");
        var words = result.StandardOutput.Trim().Split(' ');
        // "pip 23.2.1 from /path/site-packages/pip (python 3.11)": the path is machine-local, the rest is not.
        return words.Length >= 2 ? $"{words[0]} {words[1]} {string.Join(' ', words.SkipWhile(w => !w.StartsWith('(')))}".Trim() : result.StandardOutput.Trim();
    }

    /// <summary>The marker variables a target overrides, as the JSON argument of the bootstrap.</summary>
    internal static string MarkerOverrides(TargetPlatform target) =>
        System.Text.Json.JsonSerializer.Serialize(Markers.MarkerEnvironment.For(target).Variables
            .Where(v => v.Value.Length > 0).ToDictionary(v => v.Key, v => v.Value));

    // Marker.evaluate() looks default_environment up in its module at call time, so replacing the module's
    // function reaches every marker pip evaluates (requirement lines and Requires-Dist of every candidate).
    // Metadata only: a dry run that resolved a wheel through its PEP 658 .metadata file still downloads the whole
    // wheel at the end (pip 23-25, "prepare_linked_requirements_more"), one file after another. The report needs
    // only the metadata and the link (URL and sha256), so such wheels are not downloaded here; the locked files
    // reach the store through Prefetch, many at once. A pip whose internals differ downloads as before.
    internal const string TargetBootstrap = """
        import json, runpy, sys
        overrides = json.loads(sys.argv.pop(1))
        from pip._vendor.packaging import markers
        _default = markers.default_environment
        def default_environment():
            env = _default()
            env.update(overrides)
            return env
        markers.default_environment = default_environment
        try:
            from pip._internal.operations.prepare import RequirementPreparer
            from pip._internal.req.req_install import InstallRequirement
            from pip._internal.utils.direct_url_helpers import direct_url_from_link
            _fetch_metadata_only = RequirementPreparer._fetch_metadata_only
            _prepare_more = RequirementPreparer.prepare_linked_requirements_more
            _get_dist = InstallRequirement.get_dist
            def fetch_metadata_only(self, req):
                dist = _fetch_metadata_only(self, req)
                if dist is not None:
                    req._pipeline_metadata = dist
                return dist
            def prepare_more(self, reqs, parallel_builds=False):
                rest = []
                for req in reqs:
                    link = req.link
                    if (req.needs_more_preparation and getattr(req, "_pipeline_metadata", None) is not None
                            and link is not None and link.is_wheel and link.hash_name == "sha256" and link.hash):
                        req.download_info = direct_url_from_link(link, req.source_dir)
                        req.needs_more_preparation = False
                    else:
                        rest.append(req)
                return _prepare_more(self, rest, parallel_builds)
            def get_dist(self):
                dist = getattr(self, "_pipeline_metadata", None)
                return dist if dist is not None and not self.local_file_path else _get_dist(self)
            if "--dry-run" in sys.argv:
                RequirementPreparer._fetch_metadata_only = fetch_metadata_only
                RequirementPreparer.prepare_linked_requirements_more = prepare_more
                InstallRequirement.get_dist = get_dist
        except (ImportError, AttributeError):
            pass
        sys.argv[0] = "pip"
        runpy.run_module("pip", run_name="__main__", alter_sys=True)
        """;

    private static string? HttpHost(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp ? u.Authority : null;
}
