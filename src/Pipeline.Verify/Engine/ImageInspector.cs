using System.Net;
using Docker.DotNet;
using Pipeline.Containers.Engine;

namespace Pipeline.Verify.Engine;

/// <summary>Reads <see cref="ImageFacts"/> through the engine API.</summary>
internal static class ImageInspector
{
    /// <summary>The image's facts, or null when the engine has no such image.</summary>
    public static async Task<ImageFacts?> InspectAsync(EngineSession engine, string reference, CancellationToken ct)
    {
        try
        {
            var image = await engine.Client.Images.InspectImageAsync(reference, ct);
            var config = image.Config;
            return new ImageFacts(
                reference,
                image.ID ?? "",
                image.Size,
                image.RootFS?.Layers?.Count ?? 0,
                new Dictionary<string, string>(config?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                config?.User ?? "",
                ImageFacts.ParseEnvironment(config?.Env))
            {
                // Where the image's Python is (Probing.InterpreterProbe) starts from what the image runs.
                Entrypoint = config?.Entrypoint?.ToList() ?? [],
                Command = config?.Cmd?.ToList() ?? [],
            };
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
