namespace Pipeline.IO;

/// <summary>A size setting that is not a size; the one-line message names where it came from and what is accepted.</summary>
public sealed class ByteSizeFormatException(string source, string text)
    : FormatException($"{source}: '{text}' is not a size; expected a number with an optional unit, e.g. 2GB, 1.5GiB, 800MB")
{
    /// <summary>Where the value came from (file:line, or the parameter name).</summary>
    public string Location { get; } = source;

    /// <summary>The rejected text.</summary>
    public string Text { get; } = text;
}
