using Pipeline.BaseImages;
using Pipeline.BaseImages.Planning;
using Pipeline.Build;

namespace Pipeline.Stack.Component;

/// <summary>The BaseImage target and its parameters (see docs/base-image.md).</summary>
public partial interface IContainerStack
{
    /// <summary>Registry that FROM short names are pulled from before bootstrapping.</summary>
    [Parameter("BaseImage: registry that FROM short names are pulled from before bootstrapping ('none': bootstrap only).")]
    [SetsOption("StackTargetOptions.BaseImageRegistry")]
    string BaseImageRegistry => ParameterValue(() => BaseImageRegistry, StackTargetOptions.DefaultBaseImageRegistry);

    /// <summary>Seconds a registry pull may take before bootstrapping instead.</summary>
    [Parameter("BaseImage: seconds a registry pull may take before bootstrapping instead.")]
    [SetsOption("PythonBaseImageOptions.RegistryTimeout")]
    int BaseImageRegistryTimeout => ParameterValue(() => BaseImageRegistryTimeout, PythonBaseImageOptions.DefaultRegistryTimeoutSeconds);

    /// <summary>Debian suite to bootstrap; auto picks the one that ships each image's Python.</summary>
    [Parameter("BaseImage: Debian suite to bootstrap; auto picks the one that ships each mapped image's Python (bookworm 3.11, trixie 3.13).")]
    [SetsOption("PythonBaseImageOptions.Suite")]
    string BaseImageSuite => ParameterValue(() => BaseImageSuite, DebianPythonSuites.Auto);

    /// <summary>Debian mirror to bootstrap from.</summary>
    [Parameter("BaseImage: Debian mirror to bootstrap from (default: this machine's apt source).")]
    [SetsOption("PythonBaseImageOptions.Mirror")]
    string? DebianMirror => ParameterValue(() => DebianMirror, null);

    /// <summary>Extra Debian packages in a bootstrapped image.</summary>
    [Parameter("BaseImage: extra Debian packages in a bootstrapped image.")]
    [SetsOption("PythonBaseImageOptions.ExtraPackages")]
    string[] BaseImagePackages => ParameterValue(() => BaseImagePackages, []);

    /// <summary>Make the base images again even when up to date.</summary>
    [Parameter("BaseImage: make the base images again even when up to date.")]
    bool BaseImageForce => ParameterValue(() => BaseImageForce, false);

    /// <summary>BaseImage's options (for every mapped image) from its parameters.</summary>
    PythonBaseImageOptions ConfigureBaseImage(PythonBaseImageOptions options) => options with
    {
        RegistryTimeout = TimeSpan.FromSeconds(BaseImageRegistryTimeout),
        Suite = BaseImageSuite,
        Mirror = DebianMirror,
        ExtraPackages = BaseImagePackages,
        Force = BaseImageForce,
    };

    /// <summary>Makes the mapped Python base images.</summary>
    Target BaseImage => _ => _
        .Description("Makes the mapped Python base images: pulled from --base-image-registry, else bootstrapped from the Debian mirror.")
        .After(LockCpu)
        .Requires(() => OptionsAreValid(nameof(BaseImage)))
        .Executes(ct => RunStep(Stack.BaseImageAsync, ct));
}
