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
}
