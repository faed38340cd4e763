using System.ComponentModel.DataAnnotations;
using Pipeline.Compose.Loading;

namespace Pipeline.Containers.Stopping;

/// <summary>Every parameter of the Stop target; each declares its default and valid range once, here.</summary>
public sealed record StopOptions
{
    /// <summary>The compose file naming the project and its <c>container_name</c>s.</summary>
    [Required]
    public required ComposeLoadOptions Compose { get; init; }

    /// <summary>How long a container may take to stop after SIGTERM before it is killed. Default 10 s (compose's default).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(DefaultGraceSeconds);

    /// <summary>The default <see cref="GracePeriod"/> in seconds: compose's.</summary>
    public const int DefaultGraceSeconds = 10;

    /// <summary>Most containers stopped at once. Default 8.</summary>
    [Range(1, 64)]
    public int Parallelism { get; init; } = 8;
}
