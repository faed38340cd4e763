namespace Pipeline.Verify;

/// <summary>
/// Bad input to verification (an unknown service, a malformed size, a corrupt state file, duplicate
/// check names). The message is one line naming the source and what was expected.
/// </summary>
public sealed class VerifyConfigurationException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public VerifyConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and the underlying cause.</summary>
    public VerifyConfigurationException(string message, Exception inner) : base(message, inner) { }
}
