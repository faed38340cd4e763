using Pipeline.Verify.Probing;

namespace Pipeline.Verify.Tests.Unit;

public class ProbeParserTests
{
    [Fact]
    public void Distribution_listing_is_parsed_and_deduplicated_by_normalized_name()
    {
        var output = "# source: metadata files\nnvidia_cublas_cu12==12.4.5.8\r\nnvidia-cublas-cu12==12.4.5.8\n==\ngarbage\ntorch==2.5.1+cpu\n";

        var parsed = DistributionProbe.Parse(output);

        Assert.Equal([new("nvidia_cublas_cu12", "12.4.5.8"), new("torch", "2.5.1+cpu")], parsed);
        Assert.Equal("metadata files", DistributionProbe.Source(output));
    }

    [Fact]
    public void Torch_probe_with_python_reports_runtime_answers()
    {
        var probe = TorchProbe.Parse("installed=yes\nversion=2.5.1+cu124\ncuda=12.4\navailable=False\n");

        Assert.True(probe.PythonAvailable);
        Assert.Equal(["torch 2.5.1+cu124 is not a +cpu build", "torch.version.cuda is 12.4"], probe.Problems());
    }

    [Fact]
    public void Torch_probe_cpu_build_has_no_problems()
    {
        var probe = TorchProbe.Parse("installed=yes\nversion=2.5.1+cpu\ncuda=None\navailable=False\n");

        Assert.Empty(probe.Problems());
        Assert.True(probe.CudaReported);
        Assert.Null(probe.CudaVersion);
        Assert.False(probe.CudaAvailable);
    }

    [Fact]
    public void Torch_probe_without_python_knows_only_the_version()
    {
        var probe = TorchProbe.Parse("python=absent\ninstalled=yes\nversion=2.5.1\n");

        Assert.False(probe.PythonAvailable);
        Assert.False(probe.CudaReported);
        Assert.Equal(["torch 2.5.1 is not a +cpu build"], probe.Problems());
    }

    [Fact]
    public void Torch_not_installed_has_nothing_to_report()
    {
        var probe = TorchProbe.Parse("installed=no\n");

        Assert.False(probe.Installed);
        Assert.Empty(probe.Problems());
    }

    [Fact]
    public void Installed_distributions_are_classified_by_the_lock_audits_rules()
    {
        // A CUDA torchvision/torchaudio is CUDA payload just as a CUDA torch is (CudaClassifier.Classify), not only nvidia-*.
        var output = "# source: importlib.metadata\ntorchvision==0.20.1+cu124\ntorch==2.5.1+cpu\ntorchaudio==2.5.1\n" +
                     "nvidia-ml-py==12.560.30\nnumpy==2.1.3\ntriton==3.1.0\nnvidia-cublas-cu12==12.4.5.8\n";

        var cuda = DistributionProbe.Cuda(DistributionProbe.Parse(output));

        Assert.Equal(["nvidia-cublas-cu12 12.4.5.8", "torchaudio 2.5.1", "torchvision 0.20.1+cu124", "triton 3.1.0"], cuda.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("torchvision", "0.20.1+cpu", false)]
    [InlineData("torchaudio", "2.5.1+cpu", false)]
    [InlineData("Torch_Vision", "0.20.1", false)] // not a torch-family name: left alone, as the lock audit does
    [InlineData("torchvision", "0.20.1", true)]
    [InlineData("torchaudio", "2.5.1+cu121", true)]
    [InlineData("nvidia-cudnn-cu12", "9.1.0.70", true)]
    public void Torch_family_builds_count_as_CUDA_unless_cpu(string name, string version, bool cuda) =>
        Assert.Equal(cuda, new InstalledDistribution(name, version).IsCuda);

    [Fact]
    public void Torch_probe_uses_the_audits_cpu_rule_not_a_substring()
    {
        // "+cpu" somewhere in the text is not a CPU build: the local version label must be exactly cpu.
        Assert.Equal(["torch 2.5.1+cpu.cu124 is not a +cpu build"], TorchProbe.Parse("installed=yes\nversion=2.5.1+cpu.cu124\ncuda=None\navailable=False\n").Problems());
    }
}
