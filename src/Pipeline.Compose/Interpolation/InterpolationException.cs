namespace Pipeline.Compose.Interpolation;

/// <summary>
/// A value whose <c>${...}</c> expression cannot be resolved (a required variable is unset, or the
/// syntax is broken). The loader turns it into a <see cref="Errors.ComposeFileException"/> with file and line.
/// </summary>
public sealed class InterpolationException(string message) : Exception(message);
