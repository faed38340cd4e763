using Pipeline.Build;
using Pipeline.Stack.Component;

namespace Pipeline.Build.Tests;

/// <summary>
/// Components, as in NUKE: an interface whose default members are targets and parameters; a build adopts them by
/// implementing it and replaces what it needs by implementing a member itself.
/// </summary>
public class ComponentTests
{
    public interface IGreeter : IPipelineBuild
    {
        [Parameter("Who to greet")] string Name => ParameterValue(() => Name, "world");
        [Parameter("Times to greet")] int Times => ParameterValue(() => Times, 1);
        [Parameter] int? Limit => ParameterValue(() => Limit, null);

        // One list per build, shared by the targets (interfaces hold no fields).
        List<string> Greetings => Shared(() => new List<string>());

        Target Greet => _ => _
            .Description("Greets")
            .Executes(() => Greetings.AddRange(Enumerable.Repeat($"Hello, {Name}!", Times)));

        Target Farewell => _ => _.DependsOn(Greet).Executes(() =>
        {
            Greetings.Add($"Bye, {Name}.");
            PipelineBuild.Log.Information("Said: {Said}", string.Join(" | ", Greetings));
        });
    }

    class GreeterOnlyBuild : PipelineBuild, IGreeter;

    class LoudGreeterBuild : PipelineBuild, IGreeter
    {
        // Replaces the component's target; its relations (Farewell depends on Greet) still hold.
        Target IGreeter.Greet => _ => _.Executes(() => ((IGreeter)this).Greetings.Add($"HELLO, {((IGreeter)this).Name.ToUpperInvariant()}!"));
    }

    class OtherGreeting : PipelineBuild, IGreeter
    {
        [Parameter] public readonly string Name = "twice";
    }

    static IGreeter Greeter(BuildResult result) => (IGreeter)result.Instance!;

    /// <summary>Runs Farewell (and Greet before it) and checks what the two targets said between them.</summary>
    static async Task<BuildResult> FarewellAsync<T>(BuildRun run, string[] parameters, string said) where T : PipelineBuild, new()
    {
        var result = await run.RunAsync<T>(["farewell", .. parameters]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Greet", "Farewell"], result.PlanNames());
        Assert.Contains($"Said: {said}", run.Output);
        return result;
    }

    [Fact]
    public async Task A_build_that_only_implements_a_component_gets_its_targets_and_parameters()
    {
        using var run = new BuildRun();
        await FarewellAsync<GreeterOnlyBuild>(run, ["--name", "Pipeline", "--times", "2"], "Hello, Pipeline! | Hello, Pipeline! | Bye, Pipeline.");
    }

    [Fact]
    public async Task Component_parameters_default_to_their_declared_value_and_read_the_environment()
    {
        using var run = new BuildRun();
        run.Environment["PIPELINE_LIMIT"] = "7";
        var result = await FarewellAsync<GreeterOnlyBuild>(run, [], "Hello, world! | Bye, world.");

        Assert.Equal("world", Greeter(result).Name);
        Assert.Equal(7, Greeter(result).Limit);
    }

    [Fact]
    public async Task Help_lists_the_components_targets_and_parameters_with_their_defaults()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<GreeterOnlyBuild>(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Greet", run.Output);
        Assert.Contains("Farewell", run.Output);
        Assert.Matches(@"--name\s+Who to greet Default: world\.", run.Output);
        Assert.Matches(@"--times\s+Times to greet Default: 1\.", run.Output);
    }

    [Fact]
    public async Task Implementing_a_target_replaces_the_components_behaviour_and_keeps_its_name_and_relations()
    {
        using var run = new BuildRun();
        await FarewellAsync<LoudGreeterBuild>(run, ["--name", "you"], "HELLO, YOU! | Bye, you.");
    }

    [Fact]
    public async Task A_parameter_declared_by_the_class_and_a_component_is_an_error_naming_both()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<OtherGreeting>(["Greet"]);

        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Parameter 'Name' is declared twice: by OtherGreeting and by IGreeter", run.Output);
    }

    [Fact]
    public async Task Values_are_per_build_not_shared_between_builds()
    {
        using var first = new BuildRun();
        using var second = new BuildRun();
        var a = await FarewellAsync<GreeterOnlyBuild>(first, ["--name", "a"], "Hello, a! | Bye, a.");
        var b = await FarewellAsync<GreeterOnlyBuild>(second, [], "Hello, world! | Bye, world.");

        Assert.Equal("a", Greeter(a).Name);
        Assert.Equal("world", Greeter(b).Name);
    }

    public interface IHoldsResource : IPipelineBuild
    {
        Resource Held => Shared(() => new Resource());

        Target Use => _ => _.Executes(() => Held.Used = true);
    }

    public sealed class Resource : IAsyncDisposable
    {
        public bool Used { get; set; }
        public bool Disposed { get; private set; }
        public ValueTask DisposeAsync() { Disposed = true; return ValueTask.CompletedTask; }
    }

    class ResourceBuild : PipelineBuild, IHoldsResource
    {
        public Resource? Seen { get; private set; }

        Target Look => _ => _.DependsOn<IHoldsResource>(x => x.Use).Executes(() => Seen = ((IHoldsResource)this).Held);
    }

    [Fact]
    public async Task What_a_component_shares_is_one_object_per_build_disposed_when_the_build_ends()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ResourceBuild>(["Look"]);

        Assert.Equal(0, result.ExitCode);
        var seen = ((ResourceBuild)result.Instance!).Seen!;
        Assert.True(seen.Used); // the object Use changed is the one Look saw
        Assert.True(seen.Disposed);
    }
}

/// <summary>The stack targets as a component: what another repository gets from <c>class Build : PipelineBuild, IContainerStack</c>.</summary>
public class ContainerStackComponentTests
{
    class StackOnlyBuild : PipelineBuild, IContainerStack;

    class OwnVerifyBuild : PipelineBuild, IContainerStack
    {
        public List<string> Verified { get; } = [];

        Target IContainerStack.Verify => _ => _
            .After(((IContainerStack)this).BuildParallel)
            .Executes(() => Verified.Add($"own checks on {((IContainerStack)this).ComposeFile}"));
    }

    static readonly string[] StackTargets = ["Stop", "ConfigurePip", "LockCpu", "BaseImage", "BuildParallel", "Verify", "Rebuild", "Mirror", "Proxy", "CleanEngine"];

    [Fact]
    public async Task Help_lists_every_stack_target_and_its_parameters()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<StackOnlyBuild>(["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var target in StackTargets) Assert.Contains(result.Targets, t => t.Name == target);
        foreach (var parameter in new[] { "--compose-file", "--stop-grace-seconds", "--pip-timeout", "--python-version", "--base-image-suite", "--parallelism", "--build-attempts", "--verify-timeout", "--index-port" })
            Assert.Contains(parameter, run.Output);
        // Defaults are the options' own.
        Assert.Matches(@"--pip-timeout\s+.*Default: 300\.", run.Output);
        Assert.Matches(@"--stop-grace-seconds\s+.*Default: 10\.", run.Output);
        Assert.Matches(@"--compose-file\s+.*Default: .*docker-compose\.yml\.", run.Output);
    }

    [Fact]
    public async Task Rebuild_plans_the_steps_in_order()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<StackOnlyBuild>(["--plan", "Rebuild"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Stop", "ConfigurePip", "LockCpu", "Prefetch", "BaseImage", "BuildParallel", "Verify", "Rebuild"], result.PlanNames());
    }

    [Theory]
    [InlineData("Stop", "--stop-grace-seconds", "-1", "Stop: StopOptions.GracePeriod -1 s: expected 0 s to 1 h (set by --stop-grace-seconds)")]
    [InlineData("ConfigurePip", "--pip-timeout", "0", "ConfigurePip: ConfigurePipOptions.TimeoutSeconds 0: expected 1 to 3600 (set by --pip-timeout)")]
    [InlineData("BuildParallel", "--build-attempts", "0", "BuildParallel: BuildParallelOptions.Retry.MaxAttempts 0: expected 1 to 100 (set by --build-attempts)")]
    [InlineData("Verify", "--verify-parallelism", "0", "Verify: VerifyOptions.MaxParallelism 0: expected 1 to 64 (set by --verify-parallelism)")]
    [InlineData("LockCpu", "--python-version", "3", "LockCpu: StackTargetOptions.PythonVersion '3': expected a CPython version X.Y such as 3.12 (set by --python-version)")]
    [InlineData("Mirror", "--drop", "2", "Mirror: StackSettings.IndexFaults.Drop 2: expected 0 to 1 (set by --drop)")]
    public async Task A_value_outside_the_options_range_stops_the_build_before_anything_runs(string target, string parameter, string value, string line)
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<StackOnlyBuild>([target, parameter, value]);

        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains(line, run.Output);
        Assert.All(result.Plan, t => Assert.Equal(TargetStatus.NotRun, t.Status));
    }

    [Fact]
    public void Every_option_a_parameter_says_it_sets_exists()
    {
        // The paths name options as the validator does; a renamed option must not leave a parameter unnamed in errors.
        Type[] roots =
        [
            typeof(Pipeline.Containers.Stopping.StopOptions), typeof(Pipeline.Dockerfiles.ConfigurePip.ConfigurePipOptions),
            typeof(Pipeline.Python.LockCpu.LockCpuOptions), typeof(Pipeline.BaseImages.PythonBaseImageOptions),
            typeof(Pipeline.Containers.Building.BuildParallelOptions), typeof(Pipeline.Verify.VerifyOptions),
            typeof(Pipeline.Python.Index.Mirroring.MirrorOptions), typeof(Pipeline.Python.Index.Proxy.PackageProxyOptions),
            typeof(Pipeline.Stack.StackSettings), typeof(Pipeline.Stack.StackTargetOptions), typeof(Pipeline.Stack.PrefetchOptions),
        ];
        var paths = typeof(IContainerStack).GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public)
            .SelectMany(p => p.GetCustomAttributes(typeof(SetsOptionAttribute), false).Cast<SetsOptionAttribute>())
            .Select(a => a.Option).ToList();

        Assert.True(paths.Count >= 25, $"only {paths.Count} parameters name their option");
        foreach (var path in paths)
        {
            var parts = path.Split('.');
            var type = roots.SingleOrDefault(t => t.Name == parts[0]);
            Assert.True(type is not null, $"{path}: no options type {parts[0]}");
            foreach (var part in parts.Skip(1))
            {
                var property = type!.GetProperty(part);
                Assert.True(property is not null, $"{path}: {type.Name} has no {part}");
                type = property!.PropertyType;
            }
        }
    }

    [Fact]
    public async Task An_implemented_target_replaces_the_components_and_keeps_its_parameters()
    {
        using var run = new BuildRun();
        File.WriteAllText(run.Root.Combine("stack.yml"), "services: {}\n");
        var result = await run.RunAsync<OwnVerifyBuild>(["Verify", "--compose-file", "stack.yml"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"own checks on {run.Root.Combine("stack.yml")}", Assert.Single(((OwnVerifyBuild)result.Instance!).Verified));
    }
}
