namespace Pipeline.Verify;

/// <summary>The container engine's API could not be reached; the message is one line naming the endpoint and the cause.</summary>
public sealed class ContainerEngineUnavailableException : Exception
{
    /// <summary>Creates the exception with its one-line message and the underlying cause.</summary>
    public ContainerEngineUnavailableException(string message, Exception inner) : base(message, inner) { }
}
