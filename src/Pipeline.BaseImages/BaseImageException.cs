namespace Pipeline.BaseImages;

/// <summary>
/// The base image could not be made. The message is one line that says what failed and what was
/// expected, so a build log shows the cause without a stack trace.
/// </summary>
public sealed class BaseImageException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public BaseImageException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public BaseImageException(string message, Exception inner) : base(message, inner) { }
}
