using Pipeline.BaseImages.Rootfs;

namespace Pipeline.BaseImages.Tests.Rootfs;

public sealed class RootfsCleanerTests
{
    private static TempDirectory FakeRootfs()
    {
        var root = new TempDirectory("rootfs");
        root.Write("usr/share/doc/python3/copyright", "c");
        root.Write("usr/share/man/man1/python3.1.gz", new string('m', 1000));
        root.Write("usr/share/locale/de/LC_MESSAGES/apt.mo", "mo");
        root.Write("usr/share/locale/locale.alias", "alias");
        root.Write("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", "list");
        Directory.CreateDirectory(root.Combine("var/lib/apt/lists/partial"));
        root.Write("var/cache/apt/archives/python3_3.11.2-1_amd64.deb", "deb");
        root.Write("var/cache/apt/pkgcache.bin", "bin");
        root.Write("var/log/apt/term.log", "log");
        root.Write("usr/lib/python3.11/EXTERNALLY-MANAGED", "[externally-managed]");
        root.Write("usr/lib/python3.11/os.py", "code");
        root.Write("usr/lib/python3.11/__pycache__/os.cpython-311.pyc", "pyc");
        root.Write("usr/lib/python3/dist-packages/pip/__pycache__/x.pyc", "pyc");
        root.Write("usr/bin/python3", "#!elf");
        root.Write("usr/bin/pip3", "#!pip");
        return root;
    }

    [Fact]
    public void Removes_caches_docs_locales_pycache_and_the_externally_managed_marker()
    {
        using var root = FakeRootfs();
        var removed = RootfsCleaner.Clean(root.Path);

        Assert.True(removed >= 1000, $"removed {removed}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Combine("usr/share/doc")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Combine("usr/share/man")));
        Assert.False(Directory.Exists(root.Combine("usr/share/locale/de")));
        Assert.True(File.Exists(root.Combine("usr/share/locale/locale.alias")));
        Assert.Equal(["partial"], Directory.EnumerateFileSystemEntries(root.Combine("var/lib/apt/lists")).Select(Path.GetFileName));
        Assert.False(File.Exists(root.Combine("var/cache/apt/archives/python3_3.11.2-1_amd64.deb")));
        Assert.False(File.Exists(root.Combine("var/cache/apt/pkgcache.bin")));
        Assert.True(Directory.Exists(root.Combine("var/log/apt")));
        Assert.False(File.Exists(root.Combine("var/log/apt/term.log")));
        Assert.False(File.Exists(root.Combine("usr/lib/python3.11/EXTERNALLY-MANAGED")));
        Assert.True(File.Exists(root.Combine("usr/lib/python3.11/os.py")));
        Assert.False(Directory.Exists(root.Combine("usr/lib/python3.11/__pycache__")));
        Assert.False(Directory.Exists(root.Combine("usr/lib/python3/dist-packages/pip/__pycache__")));
    }

    [Fact]
    public void Adds_python_and_pip_links_and_slim_dpkg_config()
    {
        using var root = FakeRootfs();
        RootfsCleaner.Clean(root.Path);

        Assert.Equal("python3", new FileInfo(root.Combine("usr/bin/python")).LinkTarget);
        Assert.Equal("pip3", new FileInfo(root.Combine("usr/bin/pip")).LinkTarget);
        Assert.Contains("path-exclude /usr/share/doc/*", File.ReadAllText(root.Combine("etc/dpkg/dpkg.cfg.d/pipeline-slim")));
        Assert.True(File.Exists(root.Combine("etc/apt/apt.conf.d/docker-clean")));
    }

    [Fact]
    public void Existing_pip_is_kept_and_cleaning_twice_is_harmless()
    {
        using var root = FakeRootfs();
        root.Write("usr/bin/pip", "#!real pip");
        RootfsCleaner.Clean(root.Path);
        RootfsCleaner.Clean(root.Path);
        Assert.Equal("#!real pip", File.ReadAllText(root.Combine("usr/bin/pip")));
    }
}
