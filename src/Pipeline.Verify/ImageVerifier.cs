using System.Diagnostics;
using Pipeline.Containers.Engine;
using Pipeline.Verify.Checks;
using Pipeline.Verify.Engine;
using Pipeline.Verify.History;
using Pipeline.Verify.Reporting;
using Pipeline.Verify.Reuse;
using Serilog;

namespace Pipeline.Verify;

/// <summary>
/// The Verify target's facade: runs the configured checks against the stack's built images through
/// the engine API, logs one line per check and a table per image, and writes the JUnit and Markdown
/// reports. Missing images are reported failures, not exceptions.
/// </summary>
public sealed class ImageVerifier
{
    private readonly EngineSession _engine;
    private readonly ILogger _logger;

    /// <summary>Creates a verifier on an engine session (the caller owns and disposes it).</summary>
    /// <param name="engine">The session on podman or dockerd.</param>
    /// <param name="logger">Where progress goes; default <see cref="Log.Logger"/>.</param>
    public ImageVerifier(EngineSession engine, ILogger? logger = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _logger = logger ?? Log.Logger;
    }

    /// <summary>Verifies the selected images; see <see cref="VerifyOptions"/> for every setting.</summary>
    /// <exception cref="VerifyConfigurationException">Invalid options (unknown service, bad numbers, corrupt size history).</exception>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; probe containers are removed first.</exception>
    public async Task<VerifyResult> VerifyAsync(VerifyOptions options, CancellationToken ct)
    {
        var targets = VerifyPlan.SelectTargets(options);
        var root = Path.GetFullPath(options.RootDirectory);
        var historyPath = options.SizeHistoryPath is null ? null : Path.GetFullPath(options.SizeHistoryPath, root);
        var history = historyPath is null ? new SizeHistory() : await SizeHistoryStore.LoadAsync(historyPath, ct);
        var reusePath = options.ReuseStorePath is null ? null : Path.GetFullPath(options.ReuseStorePath, root);
        var reuse = reusePath is null ? null : await VerificationStore.LoadAsync(reusePath, ct);
        await _engine.EnsureAnswersAsync(ct);

        var settings = new ProbeSettings(options.RunId, options.ProbeShell, options.ProbeNofileLimit, options.ProbeNprocLimit,
            options.MaxOutputChars, options.ContainerRemoveTimeout);
        var reporter = new ConsoleReporter(_logger, options.MaxOutputLines);
        _logger.Information("Verifying {Count} image(s) with {Checks} check(s), at most {Parallel} checks at a time over all images",
            targets.Count, options.Checks.Count, options.MaxParallelism);

        var record = await ProbeLeftovers.StartAsync(_engine, settings, _logger, ct);
        ImageOutcome[] outcomes;
        using (var gate = new SemaphoreSlim(options.MaxParallelism))
        {
            try
            {
                outcomes = await Task.WhenAll(targets.Select(t => VerifyImageAsync(t, options, history, reuse, settings, gate, reporter, ct)));
            }
            finally
            {
                await ProbeLeftovers.RemoveAsync(_engine, settings, _logger, record);
            }
        }

        var results = outcomes.SelectMany(o => o.Results).ToList();
        reporter.Tables(results);
        var now = DateTimeOffset.UtcNow;
        if (historyPath is not null)
        {
            foreach (var facts in outcomes.Select(o => o.Facts).OfType<ImageFacts>())
                history.Record(facts.Reference, new SizeRecord(facts.Id, facts.SizeBytes, now));
            await SizeHistoryStore.SaveAsync(historyPath, history, ct);
        }
        if (reuse is not null)
        {
            foreach (var outcome in outcomes.Where(o => o.Facts is not null && o.Key is not null && !o.Results.Any(r => r.Reused)))
                reuse.Record(outcome.Facts!.Reference, outcome.Key!, outcome.Results, now);
            await reuse.SaveAsync(reusePath!, ct);
        }

        var result = new VerifyResult(results, Path.GetFullPath(options.JUnitPath, root), Path.GetFullPath(options.SummaryPath, root), options.RunId);
        await ReportFiles.WriteAsync(result, options.GitHubStepSummaryPath, options.MaxOutputLines, now, ct);
        _logger.Information("Reports: {JUnit:l}, {Summary:l}", result.JUnitPath, result.SummaryPath);
        if (!result.Success)
            _logger.Error("Verify failed: {Failed} of {Total} checks failed", result.Failures.Count, results.Count);
        return result;
    }

    private async Task<ImageOutcome> VerifyImageAsync(
        VerifyTarget target, VerifyOptions options, SizeHistory history, VerificationStore? reuse, ProbeSettings settings,
        SemaphoreSlim gate, ConsoleReporter reporter, CancellationToken ct)
    {
        var facts = await ImageInspector.InspectAsync(_engine, target.Image, ct);
        if (facts is null)
        {
            var missing = new CheckResult(target.Service, target.Image, CheckResult.ImagePresentCheck, CheckStatus.Failed,
                $"image {target.Image} not found: {options.MissingImageHint}", null, null, TimeSpan.Zero);
            reporter.CheckFinished(missing);
            return new ImageOutcome(null, [missing], null);
        }

        var checks = options.Checks.Where(c => c.AppliesTo(target)).ToList();
        var key = VerificationKey.For(facts.Id, target, checks, options);
        if (reuse?.Find(facts.Reference, key) is { } earlier)
        {
            // The same image, checked by the same checks, passed before: nothing it could report has changed.
            var reused = earlier.Select(r => r with { Service = target.Service, Image = target.Image, Reused = true }).ToList();
            foreach (var row in reused) reporter.CheckFinished(row);
            return new ImageOutcome(facts, reused, key);
        }

        await using var session = new ImageCheckContext(_engine, target, facts, history.PreviousSize(target.Image, facts.Id),
            options.CommandTimeout, settings, _logger);
        var results = await Task.WhenAll(checks.Select(c => RunCheckAsync(c, session, gate, reporter, ct)));
        return new ImageOutcome(facts, results, key);
    }

    private async Task<CheckResult> RunCheckAsync(
        IImageCheck check, ImageCheckContext session, SemaphoreSlim gate, ConsoleReporter reporter, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        var clock = Stopwatch.StartNew();
        CheckOutcome outcome;
        var couldNotRun = false;
        try
        {
            outcome = await check.RunAsync(session, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A check that throws (a user check's bug, an image without /bin/sh, an engine error) is that
            // check's failure: the other checks and images still run and the reports still get written.
            outcome = CheckOutcome.Fail(EngineErrors.IsConnectionFailure(e) && e is not Docker.DotNet.DockerApiException
                ? $"check could not run: the container engine at {_engine.Info.Endpoint} stopped answering ({EngineErrors.Describe(_engine.Info.Endpoint, e, TimeSpan.Zero)})"
                : $"check could not run: {e.GetType().Name}: {FirstLine(e.Message)}");
            couldNotRun = true;
        }
        finally
        {
            gate.Release();
        }
        var result = new CheckResult(session.Target.Service, session.Target.Image, check.Name, outcome.Status, outcome.Reason,
            outcome.Stdout, outcome.Stderr, clock.Elapsed) { CouldNotRun = couldNotRun };
        reporter.CheckFinished(result);
        return result;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private sealed record ImageOutcome(ImageFacts? Facts, IReadOnlyList<CheckResult> Results, string? Key);
}
