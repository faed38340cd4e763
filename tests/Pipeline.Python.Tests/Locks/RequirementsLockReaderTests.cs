using Pipeline.Python.Audit;
using Pipeline.Python.Locks;
using Pipeline.Testing;

namespace Pipeline.Python.Tests.Locks;

public class RequirementsLockReaderTests
{
    [Fact]
    public void A_direct_reference_to_a_cpu_wheel_takes_its_version_from_the_file_name()
    {
        const string text = "torch @ https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl\n";

        var lockFile = RequirementsLockReader.Read(text, "requirements.lock");
        var row = Assert.Single(LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64()).Rows);

        Assert.Equal(("2.5.1+cpu", AuditVerdict.CpuBuild), (row.Version, row.Verdict));
        Assert.True(Assert.Single(lockFile.Packages).IsPinned);
    }

    [Fact]
    public void Rows_of_unknown_size_say_why_in_the_table()
    {
        var table = LockAuditor.Audit(RequirementsLockReader.Read("numpy==2.2.0\nscipy>=1\n", "requirements.lock"), TargetPlatform.LinuxX86_64());

        var lines = AuditTableFormatter.Format(table).Split('\n');

        Assert.EndsWith("verdict  note", lines[1]);
        Assert.EndsWith("ok       requirements carry no sizes", lines[3]);
        Assert.EndsWith("ok       not pinned", lines[4]);
    }

    [Fact]
    public async Task Included_requirements_files_are_audited_relative_to_the_including_file_and_cycles_end()
    {
        using var temp = new TempDirectory("req-includes");
        temp.Write("svc/requirements.txt", "fastapi==0.115.0\n-r deps/ml.txt\n");
        temp.Write("svc/deps/ml.txt", "-r ../requirements.txt\ntorch==2.5.1\n--requirement=more.txt\n");
        temp.Write("svc/deps/more.txt", "numpy==2.2.0 ; python_version >= '3.9'\n");

        var lockFile = await LockFileReader.ReadAsync(temp.Combine("svc", "requirements.txt"), CancellationToken.None);
        var table = LockAuditor.Audit(lockFile, TargetPlatform.LinuxX86_64());

        Assert.Equal(["fastapi", "torch", "numpy"], lockFile.Packages.Select(p => p.Name));
        Assert.Equal(temp.Combine("svc", "deps/ml.txt"), lockFile.Packages[1].SourceFile);
        Assert.True(table.HasCuda);
    }

    [Fact]
    public async Task A_missing_included_file_is_one_error_naming_the_include_line()
    {
        using var temp = new TempDirectory("req-missing-include");
        var path = temp.Write("requirements.txt", "fastapi==0.115.0\n\n-r gone.txt\n");

        var e = await Assert.ThrowsAsync<PythonInputException>(() => LockFileReader.ReadAsync(path, CancellationToken.None));

        Assert.StartsWith($"{path}:3: included file 'gone.txt' not found", e.Message);
    }
}
