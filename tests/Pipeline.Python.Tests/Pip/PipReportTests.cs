using CliWrap;
using CliWrap.Buffered;
using Pipeline.Python.Audit;
using Pipeline.Python.Locks;
using Pipeline.Python.Pip;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Pip;

public class PipReportTests
{
    [Fact]
    public async Task Real_pip_report_becomes_a_hash_pinned_lock_that_reads_back()
    {
        using var temp = new TempDirectory("pip-report");
        var wheels = temp.Combine("wheels");
        var alpha = TestWheels.Build(wheels, "alpha", "1.0", "beta>=2");
        var beta = TestWheels.Build(wheels, "beta", "2.0");
        var report = temp.Combine("report.json");
        var pip = await Cli.Wrap("python3")
            .WithArguments(["-m", "pip", "install", "--dry-run", "--ignore-installed", "--disable-pip-version-check", "--quiet",
                "--report", report, "--no-index", "--find-links", wheels, "alpha"])
            .WithEnvironmentVariables(e => e.Set("PIP_BREAK_SYSTEM_PACKAGES", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.True(pip.ExitCode == 0, pip.StandardError);

        var packages = PipReport.Parse(await File.ReadAllTextAsync(report), report);
        Assert.Equal(["alpha 1.0", "beta 2.0"], packages.Select(p => $"{p.Name} {p.Version}").Order());
        Assert.Equal(TestWheels.Sha256(alpha), packages.Single(p => p.Name == "alpha").Sha256);

        var header = new LockHeader("requirements.txt", TargetPlatform.LinuxX86_64(), "sha256:" + new string('0', 64), "https://pypi.org/simple",
            "https://download.pytorch.org/whl/cpu", ["torch"]);
        var lockText = PipLockWriter.Write(packages, header, _ => "https://pypi.org/simple");
        Assert.Contains($"beta==2.0 \\\n    --hash=sha256:{TestWheels.Sha256(beta)}", lockText);

        var lockFile = RequirementsLockReader.Read(lockText, "requirements.lock");
        Assert.All(lockFile.Packages, p => Assert.True(p.IsPinned));
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64());
        Assert.Equal(2, table.Totals.Packages);
        Assert.Equal(2, table.Totals.UnknownSizes);
        Assert.False(table.HasCuda);

        // The lock is installable as written: pip accepts it in hash-checking mode.
        var check = await Cli.Wrap("python3")
            .WithArguments(["-m", "pip", "install", "--dry-run", "--ignore-installed", "--disable-pip-version-check", "--quiet",
                "--no-index", "--find-links", wheels, "-r", temp.Write("requirements.lock", lockText)])
            .WithEnvironmentVariables(e => e.Set("PIP_BREAK_SYSTEM_PACKAGES", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.True(check.ExitCode == 0, check.StandardError);
    }

    [Fact]
    public void Malformed_report_is_one_error_naming_the_file()
    {
        var e = Assert.Throws<PythonInputException>(() => PipReport.Parse("{\"install\": [", "out.json"));
        Assert.StartsWith("out.json:", e.Message);

        var missing = Assert.Throws<PythonInputException>(() => PipReport.Parse("{\"version\": \"1\"}", "out.json"));
        Assert.Contains("'install'", missing.Message);
    }
}
