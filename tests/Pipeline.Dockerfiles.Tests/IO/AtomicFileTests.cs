using Pipeline.IO;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.IO;

/// <summary>
/// The shared atomic writer (Pipeline.IO) on real files: ConfigurePip rewrites Dockerfiles with it, LockCpu
/// pyprojects and lock files, Verify its reports, Containers its containers.conf, the index its wheelhouse.
/// </summary>
public sealed class AtomicFileTests
{
    [Fact]
    public async Task Text_is_written_as_utf8_without_bom_and_no_temp_file_is_left()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("nested", "folder", "report.md");

        await AtomicFile.WriteAllTextAsync(path, "größe\n", CancellationToken.None);

        Assert.Equal("größe\n"u8.ToArray(), await File.ReadAllBytesAsync(path));
        Assert.Equal(["report.md"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_backup_suffix_keeps_the_previous_content()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("pyproject.toml", "old");

        await AtomicFile.WriteAllTextAsync(path, "new", AtomicFile.DefaultBackupSuffix, CancellationToken.None);

        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal("old", await File.ReadAllTextAsync(path + ".bak"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task No_backup_suffix_keeps_no_backup(string? suffix)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("uv.lock", "old");

        await AtomicFile.WriteAllTextAsync(path, "new", suffix, CancellationToken.None);

        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal(["uv.lock"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Bytes_are_written_verbatim_with_a_custom_backup_suffix()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("Dockerfile", "FROM a\n");
        byte[] crlfWithBom = [0xEF, 0xBB, 0xBF, .. "FROM b\r\n"u8.ToArray()];

        await AtomicFile.WriteAllBytesAsync(path, crlfWithBom, ".orig", CancellationToken.None);

        Assert.Equal(crlfWithBom, await File.ReadAllBytesAsync(path));
        Assert.Equal("FROM a\n", await File.ReadAllTextAsync(path + ".orig"));
    }

    [Fact]
    public async Task The_replaced_file_keeps_its_unix_permissions()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDirectory();
        var path = temp.Write("entrypoint.sh", "#!/bin/sh\n");
        const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(path, executable);

        await AtomicFile.WriteAllTextAsync(path, "#!/bin/sh\nexec app\n", CancellationToken.None);

        Assert.Equal(executable, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_original_and_no_temp_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("wheel.whl", "complete");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync("half"u8.ToArray(), ct);
            throw new InvalidOperationException("writer failed");
        }, AtomicFile.DefaultBackupSuffix, CancellationToken.None));

        Assert.Equal("complete", await File.ReadAllTextAsync(path));
        Assert.Equal(["wheel.whl"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }
}
