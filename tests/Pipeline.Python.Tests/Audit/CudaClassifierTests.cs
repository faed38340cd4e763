using Pipeline.Python.Audit;

namespace Pipeline.Python.Tests.Audit;

public class CudaClassifierTests
{
    [Theory]
    [InlineData("nvidia-cublas-cu12", "12.4.5.8", AuditVerdict.Cuda)]
    [InlineData("nvidia_cudnn_cu11", "8.0", AuditVerdict.Cuda)]
    [InlineData("nvidia-nccl-cu13", "2.27", AuditVerdict.Cuda)]
    [InlineData("nvidia-cublas", "13.0", AuditVerdict.Cuda)]
    [InlineData("cuda-toolkit", "13.0", AuditVerdict.Cuda)]
    [InlineData("cuda-bindings", "13.0", AuditVerdict.Cuda)]
    [InlineData("triton", "3.4.0", AuditVerdict.Cuda)]
    [InlineData("nvidia-ml-py", "12.560", AuditVerdict.Ok)]
    [InlineData("torch", "2.5.1+cpu", AuditVerdict.CpuBuild)]
    [InlineData("torch", "2.1.0+cpu.cxx11.abi", AuditVerdict.CpuBuild)]
    [InlineData("torch", "2.5.1+cpu.cu124", AuditVerdict.Cuda)]
    [InlineData("torch", "2.1.0+cpux", AuditVerdict.Cuda)] // not a CPU label: Linux torch is the CUDA build
    [InlineData("torchvision", "0.20.1+cu124", AuditVerdict.Cuda)]
    [InlineData("torch", "2.8.0", AuditVerdict.Cuda)]
    [InlineData("numpy", "2.2.0", AuditVerdict.Ok)]
    public void Classifies_for_linux(string name, string version, AuditVerdict verdict)
    {
        Assert.Equal(verdict, CudaClassifier.Classify(name, version, TargetPlatform.LinuxX86_64()));
    }

    [Fact]
    public void Plain_torch_is_cpu_only_off_linux()
    {
        Assert.Equal(AuditVerdict.Ok, CudaClassifier.Classify("torch", "2.8.0", new TargetPlatform { SysPlatform = "darwin", PlatformSystem = "Darwin" }));
    }

    [Fact]
    public void Formats_sizes_and_unknown()
    {
        Assert.Equal("unknown", AuditTableFormatter.FormatSize(null));
        Assert.Equal("0 B", AuditTableFormatter.FormatSize(0));
        Assert.Equal("1.50 MB", AuditTableFormatter.FormatSize(1_500_000));
        Assert.Equal("3.90 GB", AuditTableFormatter.FormatSize(3_900_000_000));
    }
}
