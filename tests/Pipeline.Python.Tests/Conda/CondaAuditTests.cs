using Pipeline.Python.Audit;
using Pipeline.Python.Conda;
using Pipeline.Python.LockCpu;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Conda;

public class CondaAuditTests
{
    private const string CudaEnvironment = """
        name: trainer
        channels:
          - pytorch
          - nvidia
          - conda-forge
        dependencies:
          - python=3.11
          - pytorch=2.5.1
          - torchvision
          - pytorch-cuda=12.4
          - conda-forge::numpy>=1.26
          - pip
          - pip:
              - fastapi==0.115.6
              - nvidia-cublas-cu12==12.4.5.8
        """;

    private const string CpuEnvironment = """
        name: embedder
        channels:
          - pytorch
          - conda-forge
        dependencies:
          - python=3.11
          - pytorch=2.5.1
          - torchvision
          - cpuonly
          - pip:
              - fastapi==0.115.6
        """;

    private const string CondaLock = """
        version: 1
        metadata:
          platforms: [linux-64, osx-arm64]
        package:
          - name: pytorch
            version: 2.5.1
            manager: conda
            platform: linux-64
            url: https://conda.anaconda.org/conda-forge/linux-64/pytorch-2.5.1-cuda126_py311h1234567_303.conda
            hash: {md5: 0a}
          - name: pytorch
            version: 2.5.1
            manager: conda
            platform: osx-arm64
            url: https://conda.anaconda.org/conda-forge/osx-arm64/pytorch-2.5.1-cpu_generic_py311h0_3.conda
            hash: {md5: 0b}
          - name: cuda-cudart
            version: 12.6.77
            manager: conda
            platform: linux-64
            url: https://conda.anaconda.org/conda-forge/linux-64/cuda-cudart-12.6.77-h5888daf_0.conda
            hash: {md5: 0c}
          - name: requests
            version: 2.32.3
            manager: pip
            platform: linux-64
            url: https://files.pythonhosted.org/packages/requests-2.32.3-py3-none-any.whl
            hash: {sha256: 0d}
        """;

    private const string Explicit = """
        # This file may be used to create an environment using:
        # platform: linux-64
        @EXPLICIT
        https://conda.anaconda.org/pytorch/linux-64/pytorch-2.5.1-py3.11_cpu_0.tar.bz2#0123
        https://conda.anaconda.org/conda-forge/linux-64/numpy-2.2.0-py311hf916aec_0.conda#4567
        https://conda.anaconda.org/nvidia/linux-64/cudatoolkit-11.8.0-h4ba93d1_12.conda#89ab
        """;

    private static readonly TargetPlatform Target = TargetPlatform.LinuxX86_64();

    private static string Cuda(AuditTable t) => string.Join(", ", t.Rows.Where(r => r.Installed && r.Verdict == AuditVerdict.Cuda).Select(r => $"{r.Package} {r.Note}"));

    [Fact]
    public void Environment_yml_flags_pytorch_channel_builds_without_cpuonly_pytorch_cuda_and_pip_cuda_wheels_with_file_and_line()
    {
        var table = CondaAuditor.Audit(CondaEnvironmentReader.Read(CudaEnvironment, "environment.yml"), Target);

        Assert.Equal("pytorch environment.yml:8, pytorch-cuda environment.yml:10, nvidia-cublas-cu12 environment.yml:15", Cuda(table));
        Assert.Contains(table.Rows, r => r is { Package: "numpy", Source: "conda-forge", Verdict: AuditVerdict.Ok });
        var text = AuditTableFormatter.Format(table);
        Assert.Contains("environment.yml:10", text);
    }

    [Fact]
    public void Environment_yml_with_cpuonly_passes()
    {
        var table = CondaAuditor.Audit(CondaEnvironmentReader.Read(CpuEnvironment, "environment.yml"), Target);

        Assert.False(table.HasCuda);
        Assert.Equal(AuditVerdict.CpuBuild, Assert.Single(table.Rows, r => r.Package == "pytorch").Verdict);
    }

    [Fact]
    public void Conda_lock_flags_cuda_builds_for_the_target_platform_only()
    {
        var table = CondaAuditor.Audit(CondaEnvironmentReader.Read(CondaLock, "conda-lock.yml"), Target);

        Assert.Equal("pytorch conda-lock.yml:5, cuda-cudart conda-lock.yml:17", Cuda(table));
        Assert.Equal(AuditVerdict.NotForTarget, table.Rows[1].Verdict);
        Assert.Equal("2.5.1 cuda126_py311h1234567_303", table.Rows[0].Version);
    }

    [Fact]
    public void Explicit_list_is_read_by_content_and_flags_cudatoolkit()
    {
        var table = CondaAuditor.Audit(CondaEnvironmentReader.Read(Explicit, "linux-64.txt"), Target);

        Assert.Equal("cudatoolkit linux-64.txt:6", Cuda(table));
        Assert.Equal(AuditVerdict.CpuBuild, table.Rows[0].Verdict);
        Assert.Equal("pytorch", table.Rows[0].Source);
    }

    [Fact]
    public async Task Check_fails_a_cuda_environment_and_passes_a_cpu_one()
    {
        using var temp = new TempDirectory("lockcpu-conda");
        temp.Write("cuda/environment.yml", CudaEnvironment);
        temp.Write("cpu/environment.yml", CpuEnvironment);

        var cuda = await new LockCpuRunner().RunAsync(new LockCpuOptions { Check = true, ProjectDirectories = [temp.Combine("cuda")] }, CancellationToken.None);
        var cpu = await new LockCpuRunner().RunAsync(new LockCpuOptions { Check = true, ProjectDirectories = [temp.Combine("cpu")] }, CancellationToken.None);

        Assert.False(cuda.Success);
        Assert.Empty(cuda.Errors);
        Assert.True(Assert.Single(cuda.Audits).HasCuda);
        Assert.True(cpu.Success, string.Join("; ", cpu.Errors));
        Assert.Single(cpu.Audits);
    }

    [Fact]
    public async Task Bad_yaml_is_one_error_line_with_file_and_line()
    {
        using var temp = new TempDirectory("lockcpu-conda-bad");
        var path = temp.Write("environment.yml", "name: x\ndependencies:\n  - pytorch\n  - [unclosed\n");

        var result = await new LockCpuRunner().RunAsync(new LockCpuOptions { Check = true, LockFiles = [path] }, CancellationToken.None);

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+: invalid YAML: ", error);
        Assert.DoesNotContain("\n", error);
    }

    [Fact]
    public void A_dependency_that_is_not_a_spec_names_its_line()
    {
        var e = Assert.Throws<PythonInputException>(() => CondaEnvironmentReader.Read("dependencies:\n  - pytorch\n  - {a: 1}\n", "environment.yml"));
        Assert.StartsWith("environment.yml:3: expected a package spec", e.Message);
    }
}
