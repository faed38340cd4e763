using Pipeline.Containers.Building;
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

    /// <summary>Runs BuildParallel, hands the result to <paramref name="check"/>, then removes the images it built, whatever the check says.</summary>
    public static async Task BuildThenRemoveAsync(EngineSession engine, BuildParallelOptions options, Func<BuildParallelResult, Task> check)
    {
        var result = await new ParallelImageBuilder(engine).BuildAsync(options);
        try
        {
            await check(result);
        }
        finally
        {
            await RemoveImagesAsync(engine, result.Rows.Select(r => r.Image));
        }
    }

    /// <inheritdoc cref="BuildThenRemoveAsync(EngineSession, BuildParallelOptions, Func{BuildParallelResult, Task})"/>
    public static Task BuildThenRemoveAsync(EngineSession engine, BuildParallelOptions options, Action<BuildParallelResult> check) =>
        BuildThenRemoveAsync(engine, options, result => { check(result); return Task.CompletedTask; });
}
