using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;
using Serilog;

namespace Pipeline.Containers.Building;

/// <summary>
/// Pulls and pushes images by inputs digest (<see cref="RegistryCacheOptions"/>). A cache never fails a build: a
/// registry that is down, refuses a push or lacks an image is one warning (or a debug line), and the image is built.
/// </summary>
internal sealed partial class RegistryCache(EngineSession engine, RegistryCacheOptions options, ILogger logger)
{
    /// <summary>Where the image built from <paramref name="digest"/> is kept in the registry.</summary>
    public ImageReference CacheReference(string image, string digest)
    {
        var name = ImageReference.Parse(image).Path;
        var hex = digest[(digest.IndexOf(':') + 1)..];
        return ImageReference.Parse($"{options.Repository.TrimEnd('/')}/{name[(name.LastIndexOf('/') + 1)..]}:inputs-{hex[..Math.Min(32, hex.Length)]}");
    }

    /// <summary>
    /// Pulls the image pushed for <paramref name="digest"/> and tags it <paramref name="image"/>; returns its size, or
    /// null when the registry has none (or one whose label says other inputs).
    /// </summary>
    public async Task<long?> TryPullAsync(string service, string image, string digest, CancellationToken ct)
    {
        if (!options.Pull) return null;
        var cached = CacheReference(image, digest);
        var errors = new List<string>();
        try
        {
            await engine.Images.PullAsync(cached, ct);
        }
        catch (EngineImageException e)
        {
            errors.Add(e.Reason);
        }
        if (errors.Count > 0)
        {
            logger.Debug("[{Service}] not in the registry cache: {Reference} ({Error})", service, cached, errors[0]);
            return null;
        }
        var inspect = await engine.Images.GetAsync(cached.ToString(), ct);
        if (inspect.Config?.Labels is not { } labels || !labels.TryGetValue(ImageLabels.InputsLabel, out var label) || label != digest)
        {
            logger.Warning("[{Service}] {Reference} in the registry cache was built from other inputs; building", service, cached);
            return null;
        }
        var target = ImageReference.Parse(image);
        await engine.Images.TagAsync(inspect.ID, target, ct);
        logger.Information("[{Service}] pulled from the registry cache: {Reference}", service, cached);
        return inspect.Size;
    }

    /// <summary>Pushes <paramref name="image"/> as the image of <paramref name="digest"/>; returns the error, or null.</summary>
    public async Task<string?> PushAsync(string service, string image, string digest, CancellationToken ct)
    {
        if (!options.Push) return null;
        var cached = CacheReference(image, digest);
        var errors = new List<string>();
        try
        {
            await engine.Images.TagAsync(image, cached, ct);
            await engine.Images.PushAsync(cached, ct);
        }
        catch (EngineImageException e)
        {
            errors.Add(e.Reason);
        }
        if (errors.Count == 0)
        {
            logger.Information("[{Service}] pushed to the registry cache: {Reference}", service, cached);
            return null;
        }
        logger.Warning("[{Service}] push to the registry cache failed: {Reference}: {Error}", service, cached, errors[0]);
        return errors[0];
    }
}
