using System.ComponentModel.DataAnnotations;

namespace Pipeline.Stack;

/// <summary>
/// Prefetch's options: how the files the requirements locks pin are fetched into the package proxy's store while
/// the images build.
/// </summary>
public sealed record PrefetchOptions
{
    /// <summary>The default <see cref="FetchConnections"/>.</summary>
    public const int DefaultFetchConnections = 8;

    /// <summary>Upstream connections the files are fetched over; 0 turns Prefetch off. Default 8; at most 64.</summary>
    [Range(0, 64)]
    public int FetchConnections { get; init; } = DefaultFetchConnections;
}
