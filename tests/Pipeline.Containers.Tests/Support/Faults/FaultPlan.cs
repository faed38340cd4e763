namespace Pipeline.Containers.Tests.Support.Faults;

/// <summary>How a faulted request fails.</summary>
public enum FaultKind
{
    /// <summary>Answer <c>503 Service Unavailable</c> (after reading the request body).</summary>
    ServiceUnavailable,

    /// <summary>Close the connection without an answer, as a crashed or restarting engine does.</summary>
    DropConnection,
}

/// <summary>Which requests the proxy breaks: the first <see cref="Count"/> whose path contains <see cref="PathContains"/>.</summary>
/// <param name="PathContains">Part of the request path to match (e.g. <c>/build</c>).</param>
/// <param name="Count">How many matching requests fail before the rest pass.</param>
/// <param name="Kind">How they fail.</param>
public sealed record FaultPlan(string PathContains, int Count, FaultKind Kind);
