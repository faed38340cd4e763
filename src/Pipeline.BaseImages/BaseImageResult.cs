namespace Pipeline.BaseImages;

/// <summary>What <see cref="PythonBaseImageBuilder.EnsureAsync"/> did.</summary>
/// <param name="Tag">The tag that now names the image.</param>
/// <param name="ImageId">The engine's image id.</param>
/// <param name="Source">Whether the image was reused, pulled or bootstrapped.</param>
/// <param name="PythonVersion">The Python version inside the image, e.g. <c>3.11.2</c>.</param>
/// <param name="SizeBytes">The image size reported by the engine.</param>
/// <param name="Elapsed">Wall time of the whole call.</param>
public sealed record BaseImageResult(
    string Tag,
    string ImageId,
    BaseImageSource Source,
    string PythonVersion,
    long SizeBytes,
    TimeSpan Elapsed)
{
    /// <summary>A few key/value lines for the build summary.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Notes =>
    [
        new("Base image", Tag),
        new("Source", Source.ToString()),
        new("Python", PythonVersion),
        new("Size", $"{SizeBytes / (1024.0 * 1024.0):0.0} MiB"),
        new("Time", $"{Elapsed.TotalSeconds:0.0} s"),
    ];
}
