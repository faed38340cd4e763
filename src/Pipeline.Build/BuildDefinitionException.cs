namespace Pipeline.Build;

/// <summary>
/// An error in how the build is declared or invoked (unknown target, cycle, duplicate name, bad parameter,
/// failed requirement). Its message is one clear line for the user; the build exits non-zero before running anything.
/// </summary>
public sealed class BuildDefinitionException(string message, Exception? inner = null) : Exception(message, inner);
