using Pipeline.Build;

namespace Pipeline.Build.Tests;

public class ParameterTests
{
    public enum Mode { Fast, CarefulMode }

    class ParameterBuild : RecordingBuild
    {
        [Parameter("Compose file")] public readonly string ComposeFile = "default.yml";
        [Parameter] public readonly int Parallelism = 2;
        [Parameter] public readonly long? MaxBytes;
        [Parameter] public readonly double Factor = 1.0;
        [Parameter] public readonly bool DryRun;
        [Parameter] public readonly Mode RunMode = Mode.Fast;
        [Parameter] public readonly string[] Services = [];
        [Parameter] public readonly AbsolutePath? Output;
        [Parameter, Secret] public readonly string? ApiToken;
        [Parameter] public string? FromProperty { get; private set; }

        Target Show => _ => _.Executes(() => Log.Information("token is {Token}", ApiToken));

        // Every way a target can put a secret in front of the user: a warning (replayed at the end), a summary
        // note, and an exception message (the failure line, the summary's reason, the replay).
        Target Leak => _ => _.DependsOn(Show).Executes(() =>
        {
            Log.Warning(ApiToken!);
            ReportSummary("Token", ApiToken!);
            throw new InvalidOperationException($"login with {ApiToken} refused");
        });
    }

    static ParameterBuild Build(BuildResult r) => (ParameterBuild)r.Instance!;

    [Fact]
    public async Task Command_line_values_are_converted_to_their_types()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ParameterBuild>([
            "Show", "--compose-file", "stack.yml", "--parallelism", "4", "--max-bytes", "9000000000", "--factor", "0.01",
            "--dry-run", "--run-mode", "careful-mode", "--services", "aidb", "nixos-docs,health", "--output", "out/x", "--from-property", "p"]);
        Assert.Equal(0, result.ExitCode);
        var b = Build(result);
        Assert.Equal("stack.yml", b.ComposeFile);
        Assert.Equal(4, b.Parallelism);
        Assert.Equal(9_000_000_000L, b.MaxBytes);
        Assert.Equal(0.01, b.Factor);
        Assert.True(b.DryRun);
        Assert.Equal(Mode.CarefulMode, b.RunMode);
        Assert.Equal(["aidb", "nixos-docs", "health"], b.Services);
        Assert.Equal(Path.Combine(run.Root.Path, "out", "x"), b.Output!.ToString());
        Assert.Equal("p", b.FromProperty);
    }

    [Fact]
    public async Task Defaults_are_the_field_initialisers_and_the_last_occurrence_wins()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ParameterBuild>(["Show", "--parallelism", "3", "--Parallelism", "5"]);
        var b = Build(result);
        Assert.Equal(5, b.Parallelism);
        Assert.Equal("default.yml", b.ComposeFile);
        Assert.False(b.DryRun);
    }

    [Fact]
    public async Task A_bad_value_names_the_parameter_and_its_source()
    {
        using var run = new BuildRun();
        run.Environment["PARALLELISM"] = "many";
        var result = await run.RunAsync<ParameterBuild>(["Show"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("Parameter 'Parallelism' from environment variable PARALLELISM: 'many' is not a whole number", run.Output);

        run.Environment.Clear();
        var badEnum = await run.RunAsync<ParameterBuild>(["Show", "--run-mode", "slow"]);
        Assert.Equal(BuildResult.InvalidInvocation, badEnum.ExitCode);
        Assert.Contains("'slow' is not one of Fast, CarefulMode", run.Output);
    }

    [Fact]
    public async Task Precedence_is_command_line_then_environment_then_parameters_json_then_profiles()
    {
        using var run = new BuildRun();
        run.Root.Write(".nuke/parameters.local.json", """{ "ComposeFile": "profile-local", "Parallelism": 11, "Factor": 0.5, "Services": ["p1"], "DryRun": true }""");
        run.Root.Write(".nuke/parameters.ci.json", """{ "ComposeFile": "profile-ci", "Parallelism": 12, "Factor": 0.25 }""");
        run.Root.Write(".nuke/parameters.json", """{ "$schema": "./build.schema.json", "ComposeFile": "json", "Parallelism": 21 }""");
        run.Environment["COMPOSE_FILE"] = "env";

        var all = Build(await run.RunAsync<ParameterBuild>(["Show", "--profile", "local", "ci", "--compose-file", "cli"]));
        Assert.Equal("cli", all.ComposeFile);           // command line beats everything
        Assert.Equal(21, all.Parallelism);              // parameters.json beats profiles
        Assert.Equal(0.25, all.Factor);                 // the later profile wins among profiles
        Assert.Equal(["p1"], all.Services);             // profiles still fill what nothing else sets
        Assert.True(all.DryRun);

        var noCli = Build(await run.RunAsync<ParameterBuild>(["Show", "--profile", "local"]));
        Assert.Equal("env", noCli.ComposeFile);         // environment beats parameters.json

        run.Environment.Remove("COMPOSE_FILE");
        var noEnv = Build(await run.RunAsync<ParameterBuild>(["Show", "--profile", "local"]));
        Assert.Equal("json", noEnv.ComposeFile);

        File.Delete(run.Root.Combine(".nuke", "parameters.json"));
        var onlyProfile = Build(await run.RunAsync<ParameterBuild>(["Show", "--profile", "local"]));
        Assert.Equal("profile-local", onlyProfile.ComposeFile);
    }

    [Theory]
    [InlineData("ComposeFile")]
    [InlineData("COMPOSE_FILE")]
    [InlineData("composefile")]
    [InlineData("PIPELINE_COMPOSE_FILE")]
    public async Task Environment_names_match_exactly_or_ignoring_case_and_separators(string variable)
    {
        using var run = new BuildRun();
        run.Environment[variable] = "from-env";
        Assert.Equal("from-env", Build(await run.RunAsync<ParameterBuild>(["Show"])).ComposeFile);
    }

    [Theory]
    [InlineData("COMPOSE_FILE")]
    [InlineData("ComposeFile")]
    [InlineData("compose-file")]
    public async Task PIPELINE_NAME_wins_over_NAME_whatever_the_environment_order(string plain)
    {
        using var run = new BuildRun();
        run.Environment[plain] = "plain"; // first in the dictionary's order
        run.Environment["PIPELINE_COMPOSE_FILE"] = "prefixed";
        Assert.Equal("prefixed", Build(await run.RunAsync<ParameterBuild>(["Show"])).ComposeFile);

        run.Environment["PIPELINE_COMPOSE_FILE"] = ""; // empty means unset: the plain name applies
        Assert.Equal("plain", Build(await run.RunAsync<ParameterBuild>(["Show"])).ComposeFile);
    }

    [Fact]
    public async Task An_empty_environment_variable_means_unset_and_arrays_split_on_spaces_or_commas()
    {
        using var run = new BuildRun();
        run.Environment["DRY_RUN"] = "";
        run.Environment["SERVICES"] = "a b,c";
        var b = Build(await run.RunAsync<ParameterBuild>(["Show"]));
        Assert.False(b.DryRun);
        Assert.Equal(["a", "b", "c"], b.Services);
    }

    [Fact]
    public async Task A_missing_profile_and_malformed_json_are_clear_errors()
    {
        using var run = new BuildRun();
        await run.RunAsync<ParameterBuild>(["Show", "--profile", "nope"]);
        Assert.Contains("parameters.nope.json does not exist", run.Output);

        run.Root.Write(".nuke/parameters.json", "{\n  \"Parallelism\": ,\n}");
        var result = await run.RunAsync<ParameterBuild>(["Show"]);
        Assert.Equal(BuildResult.InvalidInvocation, result.ExitCode);
        Assert.Contains("parameters.json:2: invalid JSON", run.Output);
    }

    [Fact]
    public async Task Secret_values_never_reach_the_console_or_the_log_file()
    {
        using var run = new BuildRun();
        run.Environment["API_TOKEN"] = "s3cr3t-value";
        var result = await run.RunAsync<ParameterBuild>(["Show", "--verbosity", "verbose"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("s3cr3t-value", Build(result).ApiToken);
        Assert.Contains("token is ****", run.Output);
        Assert.DoesNotContain("s3cr3t-value", run.Output);
        Assert.Contains("token is ****", run.LogFile);
        Assert.DoesNotContain("s3cr3t-value", run.LogFile);
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("verbose")]
    public async Task Secret_values_are_masked_in_the_replay_the_summary_and_failure_reasons(string verbosity)
    {
        using var run = new BuildRun();
        run.Environment["API_TOKEN"] = "s3cr3t-value";
        var result = await run.RunAsync<ParameterBuild>(["Leak", "--verbosity", verbosity]);
        Assert.Equal(BuildResult.TargetFailed, result.ExitCode);
        Assert.Contains("Repeating warnings and errors:", run.Output);
        Assert.Contains("warning: ****", run.Output);
        Assert.Contains("Target Leak failed: login with **** refused", run.Output);
        Assert.Matches(@"Leak\s+Failed\s+\S.*// login with \*\*\*\* refused, Token: \*\*\*\*", run.Output);
        Assert.DoesNotContain("s3cr3t-value", run.Output);
        Assert.DoesNotContain("s3cr3t-value", run.LogFile);
        Assert.Equal("login with **** refused", result["Leak"].Reason);
    }

    [Fact]
    public async Task The_schema_lists_targets_and_typed_parameters()
    {
        using var run = new BuildRun();
        await run.RunAsync<ParameterBuild>(["--help"]);
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(run.Root.Combine(".nuke", "build.schema.json")));
        var properties = schema.RootElement.GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("Parallelism").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("Services").GetProperty("type").GetString());
        Assert.Equal(["Fast", "CarefulMode"], properties.GetProperty("RunMode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Compose file", properties.GetProperty("ComposeFile").GetProperty("description").GetString());
        Assert.Contains("Show", schema.RootElement.GetProperty("definitions").GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
