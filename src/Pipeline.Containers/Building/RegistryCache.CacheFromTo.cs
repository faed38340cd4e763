using Pipeline.Compose.Model;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// compose's <c>build.cache_from</c>/<c>build.cache_to</c> (and <c>--cache-from</c>/<c>--cache-to</c>) through the
/// engine API: a cache source is a registry image pulled before the build and named to the engine as a cache image
/// (dockerd reuses its layers; podman finds them in its layer cache); a cache target is the built image pushed under
/// that name after the build. Like the inputs-digest cache above, neither ever fails a build.
/// </summary>
internal sealed partial class RegistryCache
{
    /// <summary>The tag <c>--cache-from</c>/<c>--cache-to</c> give an image under their repository.</summary>
    public const string CacheTag = "cache";

    /// <summary>The image's cache sources: the compose file's, then <c>--cache-from</c>'s <c>REPOSITORY/NAME:cache</c>.</summary>
    public static IReadOnlyList<string> CacheSources(BuildSection section, string image, string? repository) =>
        With(section.CacheFrom, image, repository);

    /// <summary>The image's cache targets: the compose file's, then <c>--cache-to</c>'s <c>REPOSITORY/NAME:cache</c>.</summary>
    public static IReadOnlyList<string> CacheTargets(BuildSection section, string image, string? repository) =>
        With(section.CacheTo, image, repository);

    private static List<string> With(IReadOnlyList<string> fromCompose, string image, string? repository)
    {
        var all = fromCompose.ToList();
        if (repository is { Length: > 0 })
        {
            var name = ImageReference.Parse(image).Path;
            all.Add($"{repository.TrimEnd('/')}/{name[(name.LastIndexOf('/') + 1)..]}:{CacheTag}");
        }
        return all.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Pulls each cache source; returns those now in the engine (a missing one is a debug line: the first build has none).</summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public static async Task<IReadOnlyList<string>> PullCacheSourcesAsync(EngineSession engine, ILogger logger, string service,
        IReadOnlyList<string> sources, CancellationToken ct)
    {
        var pulled = new List<string>();
        foreach (var source in sources)
        {
            var reference = ImageReference.Parse(source);
            try
            {
                await engine.Images.PullAsync(reference, ct);
            }
            catch (EngineImageException e)
            {
                logger.Debug("[{Service}] cache_from {Reference} not pulled: {Error}", service, source, e.Reason);
                continue;
            }
            logger.Information("[{Service}] cache_from: pulled {Reference} as a layer cache source", service, source);
            pulled.Add(reference.ToString());
        }
        return pulled;
    }

    /// <summary>Pushes the built <paramref name="image"/> as each cache target; returns the first error, or null.</summary>
    /// <exception cref="EngineUnavailableException">The engine does not answer.</exception>
    public static async Task<string?> PushCacheTargetsAsync(EngineSession engine, ILogger logger, string service, string image,
        IReadOnlyList<string> targets, CancellationToken ct)
    {
        string? first = null;
        foreach (var target in targets)
        {
            var reference = ImageReference.Parse(target);
            try
            {
                await engine.Images.TagAsync(image, reference, ct);
                await engine.Images.PushAsync(reference, ct);
                logger.Information("[{Service}] cache_to: pushed {Image} as {Reference}", service, image, target);
            }
            catch (EngineImageException e)
            {
                logger.Warning("[{Service}] cache_to: push of {Reference} failed: {Error}", service, target, e.Reason);
                first ??= $"{target}: {e.Reason}";
            }
        }
        return first;
    }
}
