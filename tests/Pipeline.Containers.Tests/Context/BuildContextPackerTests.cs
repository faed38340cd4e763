using System.Formats.Tar;
using Pipeline.Containers.Context;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Context;

public class BuildContextPackerTests
{
    private static async Task<Dictionary<string, string?>> ReadTarAsync(PackedContext packed)
    {
        var entries = new Dictionary<string, string?>();
        await using var stream = packed.Open();
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync() is { } entry)
            entries[entry.Name] = entry.DataStream is null ? null : await new StreamReader(entry.DataStream).ReadToEndAsync();
        return entries;
    }

    [Fact]
    public async Task Honours_dockerignore_and_sends_the_rewritten_dockerfile()
    {
        using var dir = new TempDirectory("pack");
        dir.Write("ctx/.dockerignore", "*.log\nbuild\n!build/keep.txt\nDockerfile\n");
        dir.Write("ctx/Dockerfile", "FROM original\n");
        dir.Write("ctx/app.py", "print()");
        dir.Write("ctx/debug.log", "x");
        dir.Write("ctx/sub/nested.log", "kept: '*' does not cross '/'");
        dir.Write("ctx/build/out.bin", "x");
        dir.Write("ctx/build/keep.txt", "kept");

        using var packed = await BuildContextPacker.PackAsync(dir.Combine("ctx"), dir.Combine("ctx", "Dockerfile"), "FROM rewritten\n", CancellationToken.None);
        var entries = await ReadTarAsync(packed);

        Assert.Equal("Dockerfile", packed.DockerfileInTar);
        Assert.Equal("FROM rewritten\n", entries["Dockerfile"]);
        Assert.Equal("FROM original\n", await File.ReadAllTextAsync(dir.Combine("ctx", "Dockerfile")));
        Assert.Contains("app.py", entries.Keys);
        Assert.Contains(".dockerignore", entries.Keys);
        Assert.Contains("sub/nested.log", entries.Keys);
        Assert.Contains("build/keep.txt", entries.Keys);
        Assert.DoesNotContain("debug.log", entries.Keys);
        Assert.DoesNotContain("build/out.bin", entries.Keys);
    }

    [Fact]
    public async Task A_dockerfile_outside_the_context_gets_its_own_name()
    {
        using var dir = new TempDirectory("pack-outside");
        dir.Write("ctx/a.txt", "a");
        dir.Write("docker/app.Dockerfile", "FROM x\n");

        using var packed = await BuildContextPacker.PackAsync(dir.Combine("ctx"), dir.Combine("docker", "app.Dockerfile"), "FROM y\n", CancellationToken.None);
        var entries = await ReadTarAsync(packed);

        Assert.Equal(BuildContextPacker.OutsideDockerfileName, packed.DockerfileInTar);
        Assert.Equal("FROM y\n", entries[BuildContextPacker.OutsideDockerfileName]);
        var tar = packed.TarPath;
        packed.Dispose();
        Assert.False(File.Exists(tar));
    }

    [Fact]
    public async Task Symlink_loops_are_sent_as_links_not_followed()
    {
        using var dir = new TempDirectory("pack-loops");
        dir.Write("ctx/app.py", "print()");
        Directory.CreateDirectory(dir.Combine("ctx", "sub"));
        Directory.CreateSymbolicLink(dir.Combine("ctx", "sub", "up"), "..");       // a folder that contains itself
        File.CreateSymbolicLink(dir.Combine("ctx", "self"), "self");                // a link to itself
        File.CreateSymbolicLink(dir.Combine("ctx", "ping"), "pong");                // two links to each other
        File.CreateSymbolicLink(dir.Combine("ctx", "pong"), "ping");

        using var packed = await BuildContextPacker.PackAsync(dir.Combine("ctx"), dir.Combine("ctx", "Dockerfile"), "FROM x\n", CancellationToken.None);

        var links = new Dictionary<string, string>();
        var names = new List<string>();
        await using var stream = packed.Open();
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
            if (entry.EntryType == TarEntryType.SymbolicLink) links[entry.Name] = entry.LinkName;
        }
        Assert.Equal("..", links["sub/up"]);
        Assert.Equal("self", links["self"]);
        Assert.Equal("pong", links["ping"]);
        Assert.Equal("ping", links["pong"]);
        Assert.DoesNotContain(names, n => n.StartsWith("sub/up/", StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
