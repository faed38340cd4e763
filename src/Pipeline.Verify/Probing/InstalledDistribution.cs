using Pipeline.Python;
using Pipeline.Python.Audit;

namespace Pipeline.Verify.Probing;

/// <summary>A Python distribution found in an image.</summary>
/// <param name="Name">The name as its metadata spells it.</param>
/// <param name="Version">Its version, e.g. <c>12.4.5.8</c> or <c>2.5.1+cpu</c>.</param>
internal sealed record InstalledDistribution(string Name, string Version)
{
    // Images are Linux whatever the host: the classifier's platform-dependent rule (a torch build without a local
    // label is PyPI's CUDA build on Linux) must see Linux.
    private static readonly TargetPlatform ImagePlatform = TargetPlatform.LinuxX86_64();

    /// <summary>
    /// The lock audit's verdict for this distribution installed in a (Linux) image: <see cref="AuditVerdict.Cuda"/> for
    /// NVIDIA runtimes, triton and torch/torchvision/torchaudio builds that are not <c>+cpu</c>; one set of rules for
    /// what a lock would install and what an image has installed.
    /// </summary>
    public AuditVerdict Verdict => CudaClassifier.Classify(Name, Version, ImagePlatform);

    /// <summary>Whether the distribution is CUDA payload (<see cref="Verdict"/> is <see cref="AuditVerdict.Cuda"/>).</summary>
    public bool IsCuda => Verdict == AuditVerdict.Cuda;

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Version}";
}
