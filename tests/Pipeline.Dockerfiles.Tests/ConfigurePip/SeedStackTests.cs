using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Shell;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>ConfigurePip on the real stack's Dockerfiles, compared with the hand-made "after" versions.</summary>
public sealed class SeedStackTests
{
    public static TheoryData<string> Services() => new(SeedStack.ServicesWithBefore);

    private static async Task<(DockerfileDocument Document, ConfigurePipResult Result, DockerfileTarget Target)> RunOnBefore(TempDirectory temp, string service)
    {
        var target = SeedStack.Prepare(temp, service);
        var result = await new ConfigurePipRunner().RunAsync(SeedStack.Options(target), CancellationToken.None);
        return (DockerfileParser.Parse(await File.ReadAllTextAsync(target.DockerfilePath)), result, target);
    }

    [FixtureTheory]
    [MemberData(nameof(Services))]
    public async Task Has_what_the_hand_made_after_has_that_works(string service)
    {
        using var temp = new TempDirectory();
        var (document, result, _) = await RunOnBefore(temp, service);
        var after = DockerfileParser.Parse(File.ReadAllText(RepoPaths.Fixture("seed-stack", service, "Dockerfile.after")));

        Assert.True(result.Success);
        Assert.Equal(FileStatus.Changed, result.Files[0].Status);
        var pipStages = document.Stages.Select(PipFeatures.Of).Where(f => f.EveryPipRunHasCacheMount || f.AnyNoCacheDir || f.Timeout is not null).ToList();
        var handMade = after.Stages.Select(PipFeatures.Of).Where(f => f.EveryPipRunHasCacheMount).ToList();
        Assert.Equal(handMade.Count, pipStages.Count);
        foreach (var (ours, theirs) in pipStages.Zip(handMade))
        {
            Assert.NotNull(theirs.Timeout);
            Assert.Equal("300", ours.Timeout);
            Assert.NotNull(theirs.Retries);
            Assert.Equal("10", ours.Retries); // the hand fix's 5 is pip's default: a no-op
            Assert.True(ours.EveryPipRunHasCacheMount);
            Assert.False(ours.AnyNoCacheDir);
            Assert.Equal(1, ours.EnvTimeoutDeclarations);
            Assert.Equal(theirs.CpuTorchBeforeRequirementsInstall, ours.CpuTorchBeforeRequirementsInstall);
            Assert.Empty(ours.DeadSettings);
            Assert.False(ours.HasHeredocs);
            Assert.Contains("PIP_INDEX_URL", ours.Args);
            Assert.Contains("PIP_EXTRA_INDEX_URL", ours.Args);
            Assert.Contains("PIP_TRUSTED_HOST", ours.Args);
        }
        Assert.Null(document.Directives.Syntax); // a syntax line would make BuildKit pull a frontend image
    }

    [FixtureFact]
    public async Task Aidb_installs_torch_from_the_cpu_index_first_pinned_like_its_requirements()
    {
        using var temp = new TempDirectory();
        var (document, result, _) = await RunOnBefore(temp, "aidb");

        var stage = Assert.Single(document.Stages);
        var installs = stage.Instructions.SelectMany(RunScript.Of).SelectMany(s => PipInvocationFinder.FindAll(s.Commands)).ToList();
        Assert.Equal(2, installs.Count);
        var cpu = installs[0];
        Assert.Equal("${PIP_TORCH_INDEX_URL}", cpu.IndexUrl);
        Assert.Equal(["torch==2.9.1+cpu"], cpu.Specs.Select(s => s.Value));
        Assert.Equal("PIP_EXTRA_INDEX_URL=", cpu.Command.Words[0].Value);
        Assert.Equal(["/app/requirements.txt"], installs[1].RequirementFiles);
        Assert.Contains("PIP_TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu", PipFeatures.Of(stage).Args);
        var torchArg = stage.Instructions.First(i => i.Command == "ARG" && i.Arguments[0].StartsWith("PIP_TORCH_INDEX_URL", StringComparison.Ordinal));
        var cpuRun = stage.Instructions.First(i => RunScript.Of(i).Any(s => PipInvocationFinder.FindAll(s.Commands).Any(p => p.IndexUrl == "${PIP_TORCH_INDEX_URL}")));
        Assert.True(torchArg.StartLine < cpuRun.StartLine);
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Added && r.Change.Contains("torch==2.9.1+cpu", StringComparison.Ordinal) && r.Reason.Contains("aidb/requirements.txt:43", StringComparison.Ordinal));
        Assert.Contains(result.Rows, r => r.Kind == ChangeKind.Note && r.Change.Contains("--extra-index-url", StringComparison.Ordinal));
    }

    [FixtureFact]
    public async Task Hybrid_coordinator_builder_keeps_user_install_and_gets_no_torch()
    {
        using var temp = new TempDirectory();
        var (document, _, _) = await RunOnBefore(temp, "hybrid-coordinator");

        var builder = document.Stages.Single(s => s.Name == "builder");
        var install = Assert.Single(builder.Instructions.SelectMany(RunScript.Of).SelectMany(s => PipInvocationFinder.FindAll(s.Commands)));
        Assert.True(install.User);
        Assert.False(install.NoCacheDir);
        Assert.False(PipFeatures.Of(builder).CpuTorchBeforeRequirementsInstall);
        var final = document.Stages[1];
        Assert.DoesNotContain(final.Instructions, i => i.Command == "ARG" || (i.Command == "ENV" && i.KeyValues.Any(kv => kv.Key.StartsWith("PIP_", StringComparison.Ordinal))));
    }

    [FixtureTheory]
    [MemberData(nameof(Services))]
    public async Task Second_run_is_a_no_op(string service)
    {
        using var temp = new TempDirectory();
        var (_, _, target) = await RunOnBefore(temp, service);
        var once = await File.ReadAllBytesAsync(target.DockerfilePath);

        var second = await new ConfigurePipRunner().RunAsync(SeedStack.Options(target), CancellationToken.None);

        Assert.Equal(FileStatus.Unchanged, second.Files[0].Status);
        Assert.Equal("", second.Files[0].Diff);
        Assert.Equal(once, await File.ReadAllBytesAsync(target.DockerfilePath));
        Assert.DoesNotContain(second.Rows, r => r.Kind != ChangeKind.Note);
    }

    [FixtureTheory]
    [MemberData(nameof(Services))]
    public async Task On_the_hand_made_after_it_removes_dead_settings_and_is_then_stable(string service)
    {
        using var temp = new TempDirectory();
        var target = SeedStack.Prepare(temp, service, "after");

        var first = await new ConfigurePipRunner().RunAsync(SeedStack.Options(target), CancellationToken.None);
        var document = DockerfileParser.Parse(await File.ReadAllTextAsync(target.DockerfilePath));
        var second = await new ConfigurePipRunner().RunAsync(SeedStack.Options(target), CancellationToken.None);

        Assert.True(first.Success);
        Assert.All(document.Stages, s => Assert.Empty(PipFeatures.Of(s).DeadSettings));
        Assert.Contains(first.Rows, r => r.Kind == ChangeKind.Removed && r.Change == "ENV PIP_PARALLEL_BUILDS" && r.Reason.Contains("ignores unknown PIP_*", StringComparison.Ordinal));
        Assert.Contains(first.Rows, r => r.Kind == ChangeKind.Removed && r.Change == "ENV HTTP_TIMEOUT");
        Assert.Equal(FileStatus.Unchanged, second.Files[0].Status);
        Assert.Contains("DEBIAN_FRONTEND", document.Instructions.Where(i => i.Command == "ENV").SelectMany(i => i.KeyValues).Select(kv => kv.Key));
    }
}
