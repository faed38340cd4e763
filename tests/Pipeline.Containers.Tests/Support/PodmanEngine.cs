using Pipeline.Containers.Engine;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Support;

/// <summary>Sessions on the test run's real podman service, with the local busybox image ready.</summary>
internal static class PodmanEngine
{
    public const string Busybox = PodmanService.BusyboxImage;

    public static async Task<EngineSession> ConnectAsync(string? endpoint = null)
    {
        var podman = await PodmanService.GetAsync();
        await podman.EnsureBusyboxImageAsync();
        return await new EngineConnector().ConnectAsync(new EngineOptions { Endpoint = endpoint ?? podman.Endpoint.ToString() });
    }

    /// <summary>Removes images built by a test (best effort: they only take disk space).</summary>
    public static async Task RemoveImagesAsync(EngineSession engine, IEnumerable<string> images)
    {
        foreach (var image in images)
        {
            try { await engine.Client.Images.DeleteImageAsync(image, new Docker.DotNet.Models.ImageDeleteParameters { Force = true }); }
            catch (Docker.DotNet.DockerApiException) { }
        }
    }
}
