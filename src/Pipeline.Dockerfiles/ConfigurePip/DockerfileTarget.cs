namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>One Dockerfile to configure and the build context it is built with (COPY sources resolve there).</summary>
/// <param name="DockerfilePath">Path of the Dockerfile.</param>
/// <param name="ContextDirectory">The build context directory.</param>
public sealed record DockerfileTarget(string DockerfilePath, string ContextDirectory);
