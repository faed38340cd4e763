using Pipeline.Compose.Model;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// Turns a planned build into what is sent: the Dockerfile copy (base images mapped; cache mounts stripped with a
/// warning when the engine lacks them), the packed context, labels and build args.
/// </summary>
internal sealed class BuildPreparer(EngineInfo engine, BuildParallelOptions options, ILogger logger)
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadDockerfilesAsync(
        ComposeProject project, IReadOnlyDictionary<string, string> baseImageMap, CancellationToken ct)
    {
        var texts = new Dictionary<string, string>();
        foreach (var service in project.Services.Where(s => s.Build is not null))
        {
            var path = service.Build!.DockerfilePath;
            if (!File.Exists(path)) continue; // reported when that service is prepared
            texts[service.Name] = (await File.ReadAllTextAsync(path, ct)).ReplaceLineEndings("\n");
        }
        return texts.ToDictionary(p => p.Key, p => MapForPlanning(p.Value, baseImageMap, project.Find(p.Key)?.Build?.Args));
    }

    // Planning only needs the FROM names; a Dockerfile that does not parse is reported when its service is prepared.
    private static string MapForPlanning(string text, IReadOnlyDictionary<string, string> baseImageMap, IReadOnlyDictionary<string, string?>? args)
    {
        try { return DockerfileRewriter.MapBaseImages(text, baseImageMap, args).Text; }
        catch (Pipeline.Dockerfiles.Syntax.DockerfileParseException) { return text; }
    }

    public async Task<PreparedBuild> PrepareAsync(ComposeProject project, PlannedBuild plan, GitMetadata git, DateTimeOffset created, CancellationToken ct)
    {
        var service = plan.Service.Name;
        var path = plan.Build.DockerfilePath;
        if (!File.Exists(path)) throw new ImageBuildFailedException($"Dockerfile {path} does not exist", null, string.Empty);
        string text;
        IReadOnlyList<string> replaced;
        try { (text, replaced) = DockerfileRewriter.MapBaseImages((await File.ReadAllTextAsync(path, ct)).ReplaceLineEndings("\n"), options.BaseImageMap, plan.Build.Args, path); }
        catch (Pipeline.Dockerfiles.Syntax.DockerfileParseException e) { throw new ImageBuildFailedException(e.Message, null, string.Empty, e); }
        foreach (var mapping in replaced) logger.Information("[{Service}] base image {Mapping} (in the context copy only)", service, mapping);

        if (!engine.SupportsCacheMounts)
        {
            var (stripped, removed) = DockerfileRewriter.StripCacheMounts(text);
            if (removed > 0)
                logger.Warning("[{Service}] {Engine} cannot do RUN --mount=type=cache through its API builder: removed {Count} cache mount(s); those steps run without a cache", service, engine.Kind, removed);
            text = stripped;
            if (DockerfileRewriter.HasMounts(text))
                logger.Warning("[{Service}] RUN --mount (other than type=cache) needs BuildKit, which {Engine}'s API builder lacks: this build will likely fail", service, engine.Kind);
        }

        var labels = ImageLabels.For(project.Name, service, created, git, plan.Build.Labels, options.Labels);
        text = DockerfileRewriter.AddLabels(text, labels.ToDictionary(), plan.Build.Target);
        var context = await BuildContextPacker.PackAsync(plan.Build.Context, path, text, ct);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in plan.Build.Args)
        {
            // A bare "KEY" arg takes its value from the environment, as compose does; unset ones are left out.
            var resolved = value ?? options.Compose.Environment.GetValueOrDefault(key);
            if (resolved is not null) args[key] = resolved;
        }
        foreach (var (key, value) in options.BuildArgs) args[key] = value;
        logger.Debug("[{Service}] context {Context}: {Size} bytes", service, plan.Build.Context, context.Length);
        return new PreparedBuild(plan, context, args);
    }
}
