namespace Pipeline.Containers.Engine;

/// <summary>Which engine answers on the socket; they differ in what the build API can do.</summary>
public enum EngineKind
{
    /// <summary>podman's Docker-compatible API (builds with buildah: supports <c>RUN --mount</c>).</summary>
    Podman,

    /// <summary>A Docker engine (dockerd); its API builder (not BuildKit) rejects <c>RUN --mount</c>.</summary>
    Docker,
}
