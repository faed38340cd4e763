using Pipeline.Python.Audit;
using Pipeline.Python.Locks;

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
}
