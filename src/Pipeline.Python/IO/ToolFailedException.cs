namespace Pipeline.Python.IO;

/// <summary>A tool ran and failed; the message carries its exit code and the end of its error output.</summary>
public sealed class ToolFailedException(string message) : Exception(message);
