using System.Formats.Tar;
using Pipeline.BaseImages.Rootfs;

namespace Pipeline.BaseImages.Tests.Rootfs;

public sealed class RootfsTarTests
{
    private static async Task<Dictionary<string, TarEntry>> WriteAndReadAsync(string rootfs)
    {
        using var tar = new MemoryStream();
        var count = await RootfsTar.WriteAsync(rootfs, tar, CancellationToken.None);
        tar.Position = 0;
        var entries = new Dictionary<string, TarEntry>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry) entries[entry.Name.TrimEnd('/')] = entry;
        Assert.Equal(count, entries.Count);
        return entries;
    }

    [Fact]
    public async Task Keeps_symlinks_modes_and_ownership()
    {
        using var root = new TempDirectory("rootfs");
        var python = root.Write("usr/bin/python3.11", "elf");
        File.SetUnixFileMode(python, (UnixFileMode)0b111_101_101 | UnixFileMode.SetUser);
        File.CreateSymbolicLink(root.Combine("usr/bin/python3"), "python3.11");
        Directory.CreateDirectory(root.Combine("usr/lib"));
        Directory.CreateSymbolicLink(root.Combine("lib"), "usr/lib");
        root.Write("etc/shadow", "secret");
        File.SetUnixFileMode(root.Combine("etc/shadow"), UnixFileMode.UserRead | UnixFileMode.GroupRead);

        var entries = await WriteAndReadAsync(root.Path);

        Assert.Equal(TarEntryType.SymbolicLink, entries["usr/bin/python3"].EntryType);
        Assert.Equal("python3.11", entries["usr/bin/python3"].LinkName);
        Assert.Equal(TarEntryType.SymbolicLink, entries["lib"].EntryType);
        Assert.True(entries["usr/bin/python3.11"].Mode.HasFlag(UnixFileMode.SetUser));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, entries["etc/shadow"].Mode);
        Assert.Equal(0, ((PosixTarEntry)entries["etc/shadow"]).Uid); // tests run as root, like the build
        Assert.Equal(TarEntryType.RegularFile, entries["usr/bin/python3.11"].EntryType);
    }

    [Fact]
    public async Task Stores_dev_proc_sys_empty()
    {
        using var root = new TempDirectory("rootfs");
        root.Write("dev/console-placeholder", "x");
        root.Write("proc/self-placeholder", "x");
        root.Write("sys/kernel-placeholder", "x");
        root.Write("usr/dev/kept", "x"); // only the top-level mount points are emptied

        var entries = await WriteAndReadAsync(root.Path);

        Assert.Contains("dev", entries.Keys);
        Assert.Contains("proc", entries.Keys);
        Assert.Contains("sys", entries.Keys);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("dev/") || k.StartsWith("proc/") || k.StartsWith("sys/"));
        Assert.Contains("usr/dev/kept", entries.Keys);
    }
}
