using Pipeline.Python.Audit;
using Pipeline.Python.Markers;

namespace Pipeline.Python.Tests.Audit;

/// <summary>Names as they appear in installed images (dist-info), classified by the shared lock-audit rules.</summary>
public class InstalledNameClassificationTests
{
    [Theory]
    [InlineData("nvidia-cublas-cu12")]
    [InlineData("nvidia_cublas_cu12")]
    [InlineData("NVIDIA-CUDNN-CU11")]
    [InlineData("nvidia-cublas")]
    [InlineData("nvidia-nccl-cu13")]
    [InlineData("cuda-toolkit")]
    [InlineData("cuda_bindings")]
    [InlineData("triton")]
    [InlineData("Triton")]
    public void Flags_cuda_distributions(string name) => Assert.True(CudaClassifier.IsCudaPackage(name));

    [Theory]
    [InlineData("nvidia-ml-py")]
    [InlineData("nvidia_ml_py")]
    [InlineData("torch")]
    [InlineData("numpy")]
    [InlineData("pycuda-helper")]
    [InlineData("tritonclient")]
    public void Leaves_other_distributions_alone(string name) => Assert.False(CudaClassifier.IsCudaPackage(name));

    [Theory]
    [InlineData("Nvidia__Cublas.CU12", "nvidia-cublas-cu12")]
    [InlineData(" requests ", "requests")]
    public void Normalizes_like_pep_503(string name, string expected) => Assert.Equal(expected, Pipeline.Packaging.ProjectName.Normalize(name));
}
