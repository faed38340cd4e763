namespace Pipeline.BaseImages;

/// <summary>How <see cref="PythonBaseImageBuilder.EnsureAsync"/> obtained the image.</summary>
public enum BaseImageSource
{
    /// <summary>An image with the same tag and recipe already existed: nothing was built.</summary>
    AlreadyPresent,

    /// <summary>The registry image was pulled and labelled.</summary>
    Pulled,

    /// <summary>The image was bootstrapped from the Debian mirror and imported.</summary>
    Bootstrapped,
}
