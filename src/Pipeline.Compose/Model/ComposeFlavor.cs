namespace Pipeline.Compose.Model;

/// <summary>Which compose implementation's naming rules to follow when <c>image:</c> is absent.</summary>
public enum ComposeFlavor
{
    /// <summary>docker compose v2: <c>&lt;project&gt;-&lt;service&gt;</c>, label <c>com.docker.compose.project</c>.</summary>
    DockerCompose,

    /// <summary>podman-compose: <c>&lt;project&gt;_&lt;service&gt;</c>, label <c>io.podman.compose.project</c>.</summary>
    PodmanCompose,
}
