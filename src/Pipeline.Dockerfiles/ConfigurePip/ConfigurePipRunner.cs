using Pipeline.Dockerfiles.ConfigurePip.Planning;
using Pipeline.Dockerfiles.Editing;
using Pipeline.Dockerfiles.IO;
using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.IO;
using Serilog;

namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>
/// The ConfigurePip target: configures pip in every stage of every given Dockerfile that runs pip
/// (timeouts and retries, mirror build args, cache mounts, CPU-only PyTorch first, no dead settings).
/// A Dockerfile that fails is reported and left untouched; the others are still processed.
/// </summary>
public sealed class ConfigurePipRunner(ILogger? logger = null)
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<ConfigurePipRunner>();

    /// <summary>Runs the target.</summary>
    /// <exception cref="Pipeline.IO.Options.OptionsValidationException">An option is outside its declared range.</exception>
    public async Task<ConfigurePipResult> RunAsync(ConfigurePipOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        Pipeline.IO.Options.OptionsValidator.Validate(options);
        var outcomes = new List<FileOutcome>();
        foreach (var target in options.Dockerfiles)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = await ProcessAsync(target, options, ct).ConfigureAwait(false);
            outcomes.Add(outcome);
            if (outcome.Status == FileStatus.Failed)
                _log.Error("ConfigurePip: {Error}", outcome.Error);
            else
                _log.Information("ConfigurePip: {File} {Status} ({Rows} report rows)", target.DockerfilePath, outcome.Status, outcome.Changes.Count);
        }
        return new ConfigurePipResult(outcomes, options.DryRun);
    }

    private static async Task<FileOutcome> ProcessAsync(DockerfileTarget target, ConfigurePipOptions options, CancellationToken ct)
    {
        var path = target.DockerfilePath;
        try
        {
            return await RewriteAsync(target, options, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            return Failed(path, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Any other failure stays with this file: one bad Dockerfile or requirements file must not stop the others.
            return Failed(path, $"{path}: not configured ({e.GetType().Name}: {e.Message})");
        }
    }

    private static async Task<FileOutcome> RewriteAsync(DockerfileTarget target, ConfigurePipOptions options, CancellationToken ct)
    {
        var path = target.DockerfilePath;
        string text;
        try
        {
            text = await TextFile.ReadAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"{path}:1: cannot read the Dockerfile ({e.Message})");
        }
        DockerfileDocument document;
        try
        {
            document = DockerfileParser.Parse(text, path);
        }
        catch (DockerfileParseException e)
        {
            return Failed(path, e.Message);
        }

        var stages = PipStageAnalysis.Analyze(document);
        var requirements = await RequirementsLoader.LoadAsync(target.ContextDirectory, stages, ct).ConfigureAwait(false);
        var plan = PipRewritePlanner.Plan(document, path, stages, r => requirements.GetValueOrDefault(r), options);
        var rewritten = TextEdit.Apply(text, plan.Edits);
        if (rewritten == text)
            return new FileOutcome(path, FileStatus.Unchanged, "", plan.Rows, null);

        try
        {
            DockerfileParser.Parse(rewritten, path);
        }
        catch (DockerfileParseException e)
        {
            return Failed(path, $"{e.Message} (in the rewritten text: the file was left untouched; please report this)");
        }

        var diff = UnifiedDiff.Create(path, text, rewritten);
        if (!options.DryRun)
        {
            // The backup is written first and on its own, so an error names the file that could not be written.
            var backup = path + options.BackupSuffix;
            try
            {
                await AtomicFile.WriteAllBytesAsync(backup, TextFile.Encode(text), null, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Failed(path, $"{backup}: cannot write the backup, so {path} was left untouched ({e.Message})");
            }
            try
            {
                await AtomicFile.WriteAllBytesAsync(path, TextFile.Encode(rewritten), null, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Failed(path, $"{path}: cannot write the rewritten file ({e.Message})");
            }
        }
        return new FileOutcome(path, FileStatus.Changed, diff, plan.Rows, null);
    }

    private static FileOutcome Failed(string path, string error) => new(path, FileStatus.Failed, "", [], error);
}
