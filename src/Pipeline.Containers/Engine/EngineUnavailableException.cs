namespace Pipeline.Containers.Engine;

/// <summary>
/// No usable container engine: missing socket, stale socket, a daemon that does not answer, or podman
/// that cannot be started. <see cref="Exception.Message"/> is one line that says what was tried and why it failed.
/// </summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
