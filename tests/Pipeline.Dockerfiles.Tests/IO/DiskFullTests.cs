using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.IO;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.IO;

/// <summary>
/// A full disk while a Dockerfile, lock or report is rewritten, on a real full file system (a tiny tmpfs): the
/// original stays as it was, no temp file is left, and ConfigurePip says so in one line.
/// </summary>
public sealed class DiskFullTests
{
    [SmallDiskFact]
    public async Task A_rewrite_on_a_full_disk_keeps_the_original_and_leaves_no_temp_file()
    {
        using var disk = new SmallDisk();
        var path = Path.Combine(disk.Path, "requirements.lock");
        await File.WriteAllTextAsync(path, "torch==2.5.1+cpu\n");
        disk.Fill();

        await Assert.ThrowsAnyAsync<IOException>(() => AtomicFile.WriteAllTextAsync(path, new string('x', 100_000), CancellationToken.None));

        Assert.Equal("torch==2.5.1+cpu\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["requirements.lock"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Where(n => n != ".filler"));
    }

    [SmallDiskFact]
    public async Task ConfigurePip_on_a_full_disk_fails_that_file_in_one_line_and_keeps_it()
    {
        using var disk = new SmallDisk();
        const string original = "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n";
        var dockerfile = Path.Combine(disk.Path, "Dockerfile");
        await File.WriteAllTextAsync(dockerfile, original);
        disk.Fill();

        var result = await new ConfigurePipRunner().RunAsync(
            new ConfigurePipOptions { Dockerfiles = [new(dockerfile, disk.Path)], CacheMounts = CacheMountMode.On }, CancellationToken.None);

        var outcome = Assert.Single(result.Files);
        Assert.Equal(FileStatus.Failed, outcome.Status);
        Assert.Contains(dockerfile, outcome.Error);
        Assert.False(outcome.Error!.Contains('\n'), "multi-line error: " + outcome.Error);
        Assert.Equal(original, await File.ReadAllTextAsync(dockerfile));
        Assert.Equal(["Dockerfile"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Where(n => n != ".filler"));
    }
}
