using Docker.DotNet;
using Pipeline.Compose.Model;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// Turns a planned build into what is sent: the Dockerfile copy (base images mapped; cache mounts stripped with a
/// warning when the engine lacks them), the packed context, labels and build args, and the digest of all of them
/// (<see cref="BuildInputDigest"/>) that decides whether the image must be sent at all.
/// </summary>
internal sealed class BuildPreparer(EngineSession engine, BuildParallelOptions options, ILogger logger)
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

    /// <summary>
    /// Reads what the build would send and digests it. <paramref name="createdIsNow"/>: the created label is the
    /// time of this run (no commit, no <c>SOURCE_DATE_EPOCH</c>), so it is left out of the digest, or nothing would
    /// ever be up to date.
    /// </summary>
    public async Task<DigestedBuild> DigestAsync(
        ComposeProject project, PlannedBuild plan, GitMetadata git, DateTimeOffset created, bool createdIsNow, CancellationToken ct)
    {
        var service = plan.Service.Name;
        var path = plan.Build.DockerfilePath;
        if (!File.Exists(path)) throw new ImageBuildFailedException($"Dockerfile {path} does not exist", null, string.Empty);
        string text;
        IReadOnlyList<string> replaced;
        try { (text, replaced) = DockerfileRewriter.MapBaseImages((await File.ReadAllTextAsync(path, ct)).ReplaceLineEndings("\n"), options.BaseImageMap, plan.Build.Args, path); }
        catch (Pipeline.Dockerfiles.Syntax.DockerfileParseException e) { throw new ImageBuildFailedException(e.Message, null, string.Empty, e); }
        foreach (var mapping in replaced) logger.Information("[{Service}] base image {Mapping} (in the context copy only)", service, mapping);
        IReadOnlyDictionary<string, string> contextFiles;
        IReadOnlyList<string> indexes;
        try { (text, contextFiles, indexes) = await DockerfileRewriter.MapIndexProxiesAsync(plan.Build.Context, text, options.IndexProxies, ct); }
        catch (Pipeline.Dockerfiles.Syntax.DockerfileParseException e) { throw new ImageBuildFailedException(e.Message, null, string.Empty, e); }
        foreach (var mapping in indexes) logger.Information("[{Service}] package index {Mapping} (in the context copy only)", service, mapping);

        if (!engine.Info.SupportsCacheMounts)
        {
            var (stripped, removed) = DockerfileRewriter.StripCacheMounts(text);
            if (removed > 0)
                logger.Warning("[{Service}] {Engine} cannot do RUN --mount=type=cache through its API builder: removed {Count} cache mount(s); those steps run without a cache", service, engine.Info.Kind, removed);
            text = stripped;
            if (DockerfileRewriter.HasMounts(text))
                logger.Warning("[{Service}] RUN --mount (other than type=cache) needs BuildKit, which {Engine}'s API builder lacks: this build will likely fail", service, engine.Info.Kind);
        }

        var labels = ImageLabels.For(project.Name, service, created, git, plan.Build.Labels, options.Labels).ToDictionary();
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in plan.Build.Args)
        {
            // A bare "KEY" arg takes its value from the environment, as compose does; unset ones are left out.
            var resolved = value ?? options.Compose.Environment.GetValueOrDefault(key);
            if (resolved is not null) args[key] = resolved;
        }
        foreach (var (key, value) in options.BuildArgs) args[key] = value;

        var (baseImageIds, onBuild) = await BaseImagesAsync(text, args, ct);
        // Only what the Dockerfile's sources can reach counts: services sharing a context folder do not rebuild each other.
        var reach = onBuild is not null
            ? ContextReach.Whole($"base image {onBuild} has ONBUILD triggers")
            : ContextReach.For(text, args.ToDictionary(a => a.Key, a => (string?)a.Value), path);

        // The context as it would be sent (the label step is not in this copy: the Dockerfile is hashed as text), with
        // Pipeline's package proxy named by one stable name: its port can change from run to run (another process
        // holds the usual one), and that alone must not rebuild every image. What the image installs is the same.
        var stableText = StableProxyNames(text);
        var stableFiles = contextFiles.ToDictionary(f => f.Key, f => StableProxyNames(f.Value));
        var stableArgs = args.ToDictionary(a => a.Key, a => StableProxyNames(a.Value), StringComparer.Ordinal);
        string dockerfileInTar;
        ContextDigest context;
        using (var unlabelled = await BuildContextPacker.PackAsync(plan.Build.Context, path, stableText, ct, stableFiles))
        {
            dockerfileInTar = unlabelled.DockerfileInTar;
            context = await BuildInputDigest.ContextAsync(unlabelled.TarPath, dockerfileInTar, reach, ct);
        }
        logger.Debug("[{Service}] inputs: {Counted} of {Total} context entries can reach the image{Why}",
            service, context.Counted, context.Total, context.WholeContextReason is { } why ? $" ({why})" : "");
        var digestLabels = createdIsNow ? labels.Where(l => l.Key != "org.opencontainers.image.created").ToDictionary() : labels;
        var digest = BuildInputDigest.Compute(new BuildInputs(
            dockerfileInTar, stableText, context.Digest, plan.Build.Target, NetworkMode, stableArgs, digestLabels, options.BaseImageMap, baseImageIds));
        labels[ImageLabels.InputsLabel] = digest;
        return new DigestedBuild(plan, text, labels, args, digest, baseImageIds, contextFiles);
    }

    // The origins (scheme://host:port) of the proxy URLs the builds are pointed at.
    private readonly string[] _proxyOrigins = [.. options.IndexProxies.Where(p => p.Key != p.Value).Select(p => p.Value)
        .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
        .OfType<string>().Distinct(StringComparer.Ordinal)];

    private string StableProxyNames(string text)
    {
        foreach (var origin in _proxyOrigins)
            text = text.Replace(origin, "http://pipeline-package-proxy", StringComparison.Ordinal);
        return text;
    }

    /// <summary>Packs the context to send: the Dockerfile copy with the label step (the digest label included).</summary>
    public async Task<PreparedBuild> PackAsync(DigestedBuild build, CancellationToken ct)
    {
        var text = DockerfileRewriter.AddLabels(build.DockerfileText, build.Labels, build.Plan.Build.Target);
        var context = await BuildContextPacker.PackAsync(build.Plan.Build.Context, build.Plan.Build.DockerfilePath, text, ct, build.ContextFiles);
        logger.Debug("[{Service}] context {Context}: {Size} bytes", build.Plan.Service.Name, build.Plan.Build.Context, context.Length);
        return new PreparedBuild(build.Plan, context, build.BuildArgs, build.InputsDigest);
    }

    private string? NetworkMode => options.HostNetwork ? "host" : null;

    // A rebuilt base (another service's image, or a new BaseImage) has a new ID: its dependents are rebuilt too.
    // A base with ONBUILD triggers (say ONBUILD COPY . /app) reads the context in ways the Dockerfile does not show.
    private async Task<(IReadOnlyDictionary<string, string> Ids, string? OnBuild)> BaseImagesAsync(
        string dockerfile, IReadOnlyDictionary<string, string> args, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string? onBuild = null;
        foreach (var image in DockerfileRewriter.BaseImages(dockerfile, args.ToDictionary(a => a.Key, a => (string?)a.Value)).Distinct())
        {
            // A base the engine lacks is pulled now, as the build would pull it: then its ID is an input like any
            // other, and the next run (or another machine, for the registry cache) computes the same digest.
            if (await InspectOrPullAsync(image, ct) is { } inspect)
            {
                ids[image] = inspect.ID;
                if (inspect.Config?.OnBuild is { Count: > 0 }) onBuild ??= image;
            }
            else
            {
                ids[image] = "missing"; // cannot be pulled now (offline, or the build stage names it): the build must be sent
                onBuild ??= image; // and its triggers are not known
            }
        }
        return (ids, onBuild);
    }

    private async Task<Docker.DotNet.Models.ImageInspectResponse?> InspectOrPullAsync(string image, CancellationToken ct)
    {
        try
        {
            return await engine.Images.InspectOrPullAsync(image, ct);
        }
        catch (EngineImageException e)
        {
            logger.Debug("Base image {Image} is not in the engine and could not be pulled now: {Error}", image, e.Reason);
            return null;
        }
    }
}

/// <summary>A planned build with what it would send and the digest of it, before anything is packed for sending.</summary>
/// <param name="Plan">The planned build.</param>
/// <param name="DockerfileText">The Dockerfile copy, base images mapped, without the label step.</param>
/// <param name="Labels">The labels, the digest label included.</param>
/// <param name="BuildArgs">Build args with values.</param>
/// <param name="InputsDigest">The digest of the build's inputs.</param>
/// <param name="BaseImageIds">Each base image → its ID (or <c>missing</c>).</param>
/// <param name="ContextFiles">Context files sent with other text (a pip.conf pointed at the proxy), by context-relative path.</param>
internal sealed record DigestedBuild(
    PlannedBuild Plan, string DockerfileText, IReadOnlyDictionary<string, string> Labels, IDictionary<string, string> BuildArgs,
    string InputsDigest, IReadOnlyDictionary<string, string> BaseImageIds, IReadOnlyDictionary<string, string> ContextFiles);
