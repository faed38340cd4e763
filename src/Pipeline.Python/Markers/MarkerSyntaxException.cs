namespace Pipeline.Python.Markers;

/// <summary>
/// A marker that does not follow PEP 508. Callers that know the file and line wrap it in
/// <see cref="PythonInputException"/>; this type carries only what is wrong with the marker text.
/// </summary>
public sealed class MarkerSyntaxException(string message) : Exception(message);
