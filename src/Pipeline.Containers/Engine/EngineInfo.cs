namespace Pipeline.Containers.Engine;

/// <summary>The engine a build talks to, so targets can ask what it supports.</summary>
/// <param name="Kind">Podman or Docker.</param>
/// <param name="Version">The engine's version (e.g. <c>4.3.1</c>).</param>
/// <param name="ApiVersion">The Docker API version it reports (e.g. <c>1.41</c>).</param>
/// <param name="Endpoint">The socket URI in use.</param>
/// <param name="StartedByPipeline">True when the pipeline started <c>podman system service</c> itself.</param>
public sealed record EngineInfo(EngineKind Kind, string Version, string ApiVersion, Uri Endpoint, bool StartedByPipeline)
{
    /// <summary>
    /// Whether builds through the API may use <c>RUN --mount=type=cache</c>: podman (buildah) can; dockerd's
    /// API builder cannot (it needs BuildKit, whose API stream this client does not speak).
    /// </summary>
    public bool SupportsCacheMounts => Kind == EngineKind.Podman;

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Version} (API {ApiVersion}) at {Endpoint}";
}
