using System.Runtime.InteropServices;

namespace Pipeline.Containers.Engine;

/// <summary>
/// The sockets to try, in order: <c>--engine</c>, <c>DOCKER_HOST</c>, <c>CONTAINER_HOST</c>, rootful podman,
/// rootless podman, <c>/var/run/docker.sock</c>. Pure apart from reading the effective user id.
/// </summary>
internal static class EndpointCandidates
{
    /// <summary>The candidate endpoints for <paramref name="options"/>, duplicates removed, each with where it came from.</summary>
    public static IReadOnlyList<(Uri Endpoint, string Source)> For(EngineOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
            return [(ToUri(options.Endpoint), "--engine")];

        var list = new List<(Uri, string)>();
        foreach (var variable in new[] { "DOCKER_HOST", "CONTAINER_HOST" })
            if (options.Environment.TryGetValue(variable, out var value) && !string.IsNullOrWhiteSpace(value))
                list.Add((ToUri(value), variable));
        list.Add((ToUri(options.RootfulPodmanSocket), "rootful podman"));
        list.Add((ToUri(options.RootlessPodmanSocket ?? RootlessSocket(options.Environment)), "rootless podman"));
        list.Add((ToUri(options.DockerSocket), "docker"));
        return list.DistinctBy(c => c.Item1.ToString()).ToList();
    }

    /// <summary>Accepts <c>unix://</c>, <c>tcp://</c>, <c>http(s)://</c> URIs or a bare socket path.</summary>
    public static Uri ToUri(string endpoint) =>
        endpoint.Contains("://", StringComparison.Ordinal) ? new Uri(endpoint) : new Uri("unix://" + Path.GetFullPath(endpoint));

    private static string RootlessSocket(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("XDG_RUNTIME_DIR", out var runtime) && !string.IsNullOrWhiteSpace(runtime)
            ? Path.Combine(runtime, "podman", "podman.sock")
            : $"/run/user/{GetEffectiveUserId()}/podman/podman.sock";

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
