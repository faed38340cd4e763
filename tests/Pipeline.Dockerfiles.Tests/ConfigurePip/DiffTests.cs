using CliWrap;
using CliWrap.Buffered;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.IO;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

public sealed class DiffTests
{
    [FixtureTheory]
    [InlineData("aidb")]
    [InlineData("hybrid-coordinator")]
    public async Task Dry_run_diff_applies_with_patch_and_gives_the_written_file(string service)
    {
        using var temp = new TempDirectory();
        var target = SeedStack.Prepare(temp, service);
        var original = await File.ReadAllTextAsync(target.DockerfilePath);
        var dry = await new ConfigurePipRunner().RunAsync(SeedStack.Options(target) with { DryRun = true }, CancellationToken.None);
        var copy = temp.Write("patched/Dockerfile", original);
        var diffFile = temp.Write("change.diff", dry.Files[0].Diff);

        var patch = await Cli.Wrap("patch").WithArguments([copy, diffFile]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await new ConfigurePipRunner().RunAsync(SeedStack.Options(target), CancellationToken.None);

        Assert.True(patch.ExitCode == 0, patch.StandardOutput + patch.StandardError);
        Assert.Equal(await File.ReadAllTextAsync(target.DockerfilePath), await File.ReadAllTextAsync(copy));
        Assert.Equal(original, await File.ReadAllTextAsync(target.DockerfilePath + ".bak"));
    }

    [Fact]
    public void Equal_texts_have_no_diff()
    {
        Assert.Equal("", UnifiedDiff.Create("Dockerfile", "FROM a\n", "FROM a\n"));
    }

    [Fact]
    public async Task Crlf_diff_applies_with_patch_and_gives_the_written_bytes()
    {
        using var temp = new TempDirectory();
        const string original = "FROM python\r\nENV HTTP_TIMEOUT=300 \\\r\n    A=1\r\nCOPY requirements.txt .\r\nRUN pip install \\\r\n    --no-cache-dir \\\r\n    -r requirements.txt\r\nCMD [\"x\"]\r\n";
        temp.Write("requirements.txt", "torch==2.5.1\n");
        var path = temp.Write("Dockerfile", original);
        var options = new ConfigurePipOptions { Dockerfiles = [new(path, temp.Path)], CacheMounts = CacheMountMode.On };
        var dry = await new ConfigurePipRunner().RunAsync(options with { DryRun = true }, CancellationToken.None);
        var copy = temp.Write("patched/Dockerfile", original);
        var diffFile = temp.Write("change.diff", dry.Files[0].Diff);

        var patch = await Cli.Wrap("patch").WithArguments([copy, diffFile]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        Assert.True(patch.ExitCode == 0, patch.StandardOutput + patch.StandardError);
        Assert.DoesNotContain("fuzz", patch.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(copy));
        Assert.NotEqual(original, await File.ReadAllTextAsync(path));
    }
}
