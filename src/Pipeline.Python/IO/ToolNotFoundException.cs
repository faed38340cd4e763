namespace Pipeline.Python.IO;

/// <summary>A required command-line tool (uv, python) is not installed where it was looked for.</summary>
public sealed class ToolNotFoundException(string message) : Exception(message);
