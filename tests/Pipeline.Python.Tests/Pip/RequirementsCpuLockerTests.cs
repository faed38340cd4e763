using Pipeline.Python.Audit;
using Pipeline.Python.Locks;
using Pipeline.Python.Pip;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Pip;

/// <summary>The two-step resolution against real pip and two PEP 503 indexes served from file:// folders.</summary>
public class RequirementsCpuLockerTests
{
    [Fact]
    public async Task Torch_comes_from_the_cpu_index_even_when_the_main_index_has_a_newer_cuda_build()
    {
        using var temp = new TempDirectory("cpu-locker");
        // Main index: like PyPI, a newer torch that pulls a CUDA runtime; the app needs torch.
        var main = TestWheels.SimpleIndex(temp.Combine("main"),
            ("torch", "2.5.2", ["nvidia-cublas-cu12"]),
            ("nvidia-cublas-cu12", "12.4.5.8", []),
            ("app", "1.0", ["torch>=2.5", "beta"]),
            ("beta", "2.0", []));
        // CPU index: only the +cpu build.
        var cpu = TestWheels.SimpleIndex(temp.Combine("cpu"), ("torch", "2.5.1+cpu", []));
        var requirements = temp.Write("svc/requirements.txt", """
            # service deps
            app==1.0
            --extra-index-url https://download.pytorch.org/whl/cpu
            torch>=2.5
            """);
        var lockPath = temp.Combine("svc", "requirements.lock");
        var locker = new RequirementsCpuLocker(new PipResolver("python3"));

        await locker.LockAsync(requirements, lockPath, new RequirementsLockSettings(main, cpu, ["torch", "torchvision", "torchaudio"], TargetPlatform.LinuxX86_64(), []), CancellationToken.None);

        var text = await File.ReadAllTextAsync(lockPath);
        Assert.Contains($"--index-url {main}\n--extra-index-url {cpu}\n", text);
        Assert.DoesNotContain("download.pytorch.org", text);
        var table = LockAuditor.Audit(RequirementsLockReader.Read(text, lockPath), TargetPlatform.LinuxX86_64());
        var torch = Assert.Single(table.Rows, r => r.Package == "torch");
        Assert.Equal("2.5.1+cpu", torch.Version);
        Assert.Equal(cpu, torch.Source);
        Assert.Equal(AuditVerdict.CpuBuild, torch.Verdict);
        Assert.Equal(main, Assert.Single(table.Rows, r => r.Package == "app").Source);
        Assert.DoesNotContain(table.Rows, r => r.Package.StartsWith("nvidia", StringComparison.Ordinal));
        Assert.False(table.HasCuda);
        Assert.All(RequirementsParser.Parse(text, lockPath).Requirements, r => Assert.Single(r.Hashes));
    }
}
