using Pipeline.Python.Audit;
using Pipeline.Python.Locks;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Audit;

public class LockAuditorFixtureTests
{
    private static readonly string SemanticKernel = RepoPaths.Fixture("locks", "semantic-kernel-cuda.uv.lock");
    private static readonly string CpuExtras = RepoPaths.Fixture("locks", "uv-pytorch-cpu-extras.uv.lock");

    [FixtureFact]
    public async Task SemanticKernel_for_cp312_lists_14_nvidia_packages_and_triton_with_sizes()
    {
        var lockFile = await LockFileReader.ReadAsync(SemanticKernel, CancellationToken.None);
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64("3.12"));

        var cuda = table.Rows.Where(r => r.Installed && r.Verdict == AuditVerdict.Cuda).ToList();
        var nvidia = cuda.Where(r => r.Package.StartsWith("nvidia-", StringComparison.Ordinal) && r.Package.EndsWith("-cu12", StringComparison.Ordinal)).ToList();
        Assert.Equal(14, nvidia.Count);
        Assert.Contains(cuda, r => r.Package == "triton");
        Assert.Contains(cuda, r => r.Package == "torch" && r.Version == "2.8.0");
        Assert.All(cuda, r => Assert.NotNull(r.SizeBytes));
        Assert.True(table.HasCuda);

        var totals = table.Totals;
        // README: about 3.9 GB of CUDA payload (torch ~0.89, nvidia ~2.86, triton ~0.16 GB).
        Assert.InRange(totals.CudaKnownBytes, 3_700_000_000L, 4_100_000_000L);
        Assert.InRange(nvidia.Sum(r => r.SizeBytes!.Value), 2_700_000_000L, 3_000_000_000L);
        Assert.Equal(0, totals.CudaUnknownSizes);
        // Every PyPI wheel has a size; the project itself is not a download.
        Assert.Equal(0, totals.UnknownSizes);
        Assert.Contains(table.Rows, r => r.IsProject && r.Package == "semantic-kernel");
    }

    [FixtureFact]
    public async Task SemanticKernel_leaves_out_packages_for_other_platforms()
    {
        var lockFile = await LockFileReader.ReadAsync(SemanticKernel, CancellationToken.None);
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64("3.12"));

        Assert.Contains(table.Rows, r => r.Package == "pywin32" && r.Verdict == AuditVerdict.NotForTarget);
        // One file per installed package, not every wheel of the lock.
        var allWheelBytes = lockFile.Packages.SelectMany(p => p.Wheels).Sum(w => w.Size ?? 0);
        Assert.True(table.Totals.KnownBytes < allWheelBytes / 4);
    }

    [FixtureFact]
    public async Task CpuExtras_reports_cpu_and_cu124_forks_and_unknown_sizes()
    {
        var lockFile = await LockFileReader.ReadAsync(CpuExtras, CancellationToken.None);
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64("3.12"));

        var cpu = Assert.Single(table.Rows, r => r.Package == "torch" && r.Version == "2.5.1+cpu");
        Assert.Equal(AuditVerdict.CpuBuild, cpu.Verdict);
        Assert.EndsWith("/whl/cpu", cpu.Source);
        Assert.Null(cpu.SizeBytes);
        var cu124 = Assert.Single(table.Rows, r => r.Package == "torch" && r.Version == "2.5.1+cu124");
        Assert.Equal(AuditVerdict.Cuda, cu124.Verdict);
        Assert.EndsWith("/whl/cu124", cu124.Source);
        // The plain 2.5.1 entries are the aarch64/macOS forks.
        Assert.All(table.Rows.Where(r => r.Package == "torch" && r.Version == "2.5.1"), r => Assert.Equal(AuditVerdict.NotForTarget, r.Verdict));
        Assert.True(table.Totals.UnknownSizes > 0);

        var text = AuditTableFormatter.Format(table);
        Assert.Contains("2.5.1+cpu", text);
        Assert.Contains("unknown", text);
        Assert.Contains("cpu build", text);
    }

    [FixtureTheory]
    [InlineData("pip-build-project.pylock.toml", 4)]
    [InlineData("pylock.certifi-with-upload_time.toml", 1)]
    public async Task Pylock_files_are_read(string name, int packages)
    {
        var lockFile = await LockFileReader.ReadAsync(RepoPaths.Fixture("locks", name), CancellationToken.None);
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64());

        Assert.Equal(LockFormat.Pylock, lockFile.Format);
        Assert.Equal(packages, table.Totals.Packages);
        Assert.False(table.HasCuda);
    }

    [FixtureFact]
    public async Task Pylock_sizes_are_known_when_given_and_unknown_otherwise()
    {
        var certifi = LockAuditor.Audit(await LockFileReader.ReadAsync(RepoPaths.Fixture("locks", "pylock.certifi-with-upload_time.toml"), CancellationToken.None), TargetPlatform.LinuxX86_64());
        Assert.Equal(133289, Assert.Single(certifi.Rows).SizeBytes);

        var build = LockAuditor.Audit(await LockFileReader.ReadAsync(RepoPaths.Fixture("locks", "pip-build-project.pylock.toml"), CancellationToken.None), TargetPlatform.LinuxX86_64());
        Assert.All(build.Rows, r => Assert.Null(r.SizeBytes));
        Assert.Equal(4, build.Totals.UnknownSizes);
    }

    [FixtureFact]
    public async Task Seed_stack_requirements_flag_the_cuda_free_cpu_pin_as_cpu_build()
    {
        var lockFile = await LockFileReader.ReadAsync(RepoPaths.Fixture("seed-stack", "aidb", "requirements.before.txt"), CancellationToken.None);
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64());

        var torch = Assert.Single(table.Rows, r => r.Package == "torch");
        Assert.Equal("2.9.1+cpu", torch.Version);
        Assert.Equal(AuditVerdict.CpuBuild, torch.Verdict);
        Assert.All(table.Rows, r => Assert.Null(r.SizeBytes));
        Assert.Contains(table.Rows, r => r.Package == "huggingface-hub" && r.Version == ">=0.19.0,<1.0.0");
    }
}
