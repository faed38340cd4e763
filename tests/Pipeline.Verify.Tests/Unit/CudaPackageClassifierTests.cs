using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Tests.Unit;

public class CudaPackageClassifierTests
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
    public void Flags_cuda_distributions(string name) => Assert.True(CudaPackageClassifier.IsCuda(name));

    [Theory]
    [InlineData("nvidia-ml-py")]
    [InlineData("nvidia_ml_py")]
    [InlineData("torch")]
    [InlineData("numpy")]
    [InlineData("pycuda-helper")]
    [InlineData("tritonclient")]
    public void Leaves_other_distributions_alone(string name) => Assert.False(CudaPackageClassifier.IsCuda(name));

    [Theory]
    [InlineData("Nvidia__Cublas.CU12", "nvidia-cublas-cu12")]
    [InlineData(" requests ", "requests")]
    public void Normalizes_like_pep_503(string name, string expected) => Assert.Equal(expected, CudaPackageClassifier.Normalize(name));
}
