namespace Pipeline.Containers.Stopping;

/// <summary>How a container ended.</summary>
public enum StopOutcome
{
    /// <summary>Stopped within the grace period.</summary>
    Stopped,

    /// <summary>Killed after the grace period (exit code 137).</summary>
    Killed,

    /// <summary>Had already stopped or vanished meanwhile.</summary>
    AlreadyStopped,

    /// <summary>The engine refused or failed.</summary>
    Failed,
}

/// <summary>One stopped container.</summary>
/// <param name="Name">The container name.</param>
/// <param name="Id">The short container id.</param>
/// <param name="MatchedBy">Why it belongs to the stack: the project label or the container_name.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Duration">How long stopping took.</param>
/// <param name="Error">The engine's error, for <see cref="StopOutcome.Failed"/>.</param>
public sealed record StoppedContainer(string Name, string Id, string MatchedBy, StopOutcome Outcome, TimeSpan Duration, string? Error = null);

/// <summary>What Stop did. Nothing running is success.</summary>
/// <param name="Success">True unless a container failed to stop.</param>
/// <param name="Project">The compose project name.</param>
/// <param name="Containers">One row per container found running.</param>
/// <param name="Notes">Key facts for the build summary.</param>
public sealed record StopResult(bool Success, string Project, IReadOnlyList<StoppedContainer> Containers, IReadOnlyDictionary<string, string> Notes);
