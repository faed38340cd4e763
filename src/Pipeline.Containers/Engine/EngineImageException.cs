namespace Pipeline.Containers.Engine;

/// <summary>
/// An image operation the engine answered with a refusal: the image is missing (locally or in the registry), the
/// registry refused a push, a build step failed. <see cref="Exception.Message"/> is one line, the operation and the
/// engine's reason; a lost connection is an <see cref="EngineUnavailableException"/> instead.
/// </summary>
public sealed class EngineImageException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/> (<c>Pulling x</c>) failed for <paramref name="reason"/>.</summary>
    public EngineImageException(string operation, string reason, bool imageMissing = false, Exception? inner = null)
        : base($"{operation} failed: {reason}", inner)
    {
        Reason = reason;
        ImageMissing = imageMissing;
    }

    /// <summary>The engine's reason alone, first line (<c>manifest unknown</c>, <c>connection refused</c>).</summary>
    public string Reason { get; }

    /// <summary>True when the reason is that the image does not exist (in the engine, or in the registry pulled from).</summary>
    public bool ImageMissing { get; }
}
