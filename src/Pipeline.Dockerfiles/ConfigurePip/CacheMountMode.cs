namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>Whether pip installs get a BuildKit/buildah cache mount (<c>--cache-mounts auto|on|off</c>).</summary>
public enum CacheMountMode
{
    /// <summary>Use cache mounts when the engine supports them (<see cref="ConfigurePipOptions.EngineSupportsCacheMounts"/>).</summary>
    Auto,

    /// <summary>Always add <c>RUN --mount=type=cache</c> and drop <c>--no-cache-dir</c>.</summary>
    On,

    /// <summary>Never add mounts; <c>--no-cache-dir</c> stays (dockerd's API builder has no <c>--mount</c>).</summary>
    Off,
}
