using System.ComponentModel.DataAnnotations;

namespace Pipeline.Containers.Engine;

/// <summary>How to find (or start) the container engine; each option declares its default and valid range once, here. Nothing here is read from the process itself.</summary>
public sealed record EngineOptions
{
    /// <summary>The <c>--engine</c> parameter (<c>unix:///path</c>, a socket path, or <c>tcp://</c>); when set, only it is tried. Default null.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Environment variables to consult: <c>DOCKER_HOST</c>, <c>CONTAINER_HOST</c>, <c>XDG_RUNTIME_DIR</c>. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Rootful podman's socket. Default <c>/run/podman/podman.sock</c>.</summary>
    public string RootfulPodmanSocket { get; init; } = "/run/podman/podman.sock";

    /// <summary>Rootless podman's socket; default null: <c>$XDG_RUNTIME_DIR/podman/podman.sock</c> or <c>/run/user/&lt;uid&gt;/podman/podman.sock</c>.</summary>
    public string? RootlessPodmanSocket { get; init; }

    /// <summary>Docker's socket. Default <c>/var/run/docker.sock</c>.</summary>
    public string DockerSocket { get; init; } = "/var/run/docker.sock";

    /// <summary>How long one socket may take to answer a ping. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", MinimumIsExclusive = true)]
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an engine that answered the ping may take to report its version (podman's first answer takes seconds). Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", MinimumIsExclusive = true)]
    public TimeSpan IdentifyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Start <c>podman system service</c> when no socket answers and podman is installed. Default true.</summary>
    public bool StartPodmanWhenMissing { get; init; } = true;

    /// <summary>Where a started podman service keeps its socket and private containers.conf. Default <c>.nuke/temp</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PodmanWorkDirectory { get; init; } = Path.Combine(".nuke", "temp");

    /// <summary>The podman executable. Default <c>podman</c> (found on PATH).</summary>
    [Required(AllowEmptyStrings = false)]
    public string PodmanExecutable { get; init; } = "podman";

    /// <summary>How long a started podman service may take to answer. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", MinimumIsExclusive = true)]
    public TimeSpan PodmanStartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The OCI runtime for a started podman service. Default <c>runc</c> (crun fails on this kind of host: hybrid cgroups).</summary>
    public string PodmanRuntime { get; init; } = "runc";

    /// <summary>
    /// More environment for a started podman service, e.g. <c>CONTAINERS_REGISTRIES_CONF</c> or <c>CONTAINERS_STORAGE_CONF</c>
    /// (registry trust and storage are read when the service starts). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> PodmanEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Default ulimits for a started podman service (without them <c>podman run</c> fails here). Default nofile and nproc 1024.</summary>
    public IReadOnlyList<string> PodmanDefaultUlimits { get; init; } = ["nofile=1024:1024", "nproc=1024:1024"];
}
