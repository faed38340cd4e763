using Pipeline.Compose.Loading;

namespace Pipeline.Containers.Stopping;

/// <summary>Every parameter of the Stop target.</summary>
public sealed record StopOptions
{
    /// <summary>The compose file naming the project and its <c>container_name</c>s.</summary>
    public required ComposeLoadOptions Compose { get; init; }

    /// <summary>How long a container may take to stop after SIGTERM before it is killed. Default 10 s (compose's default).</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most containers stopped at once. Default 8.</summary>
    public int Parallelism { get; init; } = 8;
}
