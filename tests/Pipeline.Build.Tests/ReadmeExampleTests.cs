using System.Text.RegularExpressions;
using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Build.Tests;

// The README's example, verbatim (the test below checks that it still matches).
class ExampleBuild : PipelineBuild
{
    [Parameter("Who to greet")] readonly string Name = "world";

    Target Hello => _ => _
        .Description("Writes a greeting to artifacts/greeting.txt")
        .Executes(async ct =>
        {
            var file = RootDirectory / "artifacts" / "greeting.txt";
            Directory.CreateDirectory(file.Parent!);
            await File.WriteAllTextAsync(file, $"Hello, {Name}!", ct);
            Log.Information("Greeted {Name}", Name);
        });

    Target Greet => _ => _
        .DependsOn(Hello)
        .Executes(() => ReportSummary("Greeted", Name));
}

public partial class ReadmeExampleTests
{
    [Fact]
    public void The_readme_shows_exactly_the_compiled_example()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var block = ExampleBlock().Match(readme);
        Assert.True(block.Success, "README.md has no add-a-target example block");
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Pipeline.Build.Tests", "ReadmeExampleTests.cs"));
        Assert.Contains(block.Groups["code"].Value.Trim(), source);
    }

    [Fact]
    public async Task The_readme_example_runs()
    {
        using var run = new BuildRun();
        var result = await run.RunAsync<ExampleBuild>(["Greet", "--name", "Pipeline"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello, Pipeline!", File.ReadAllText(run.Root.Combine("artifacts", "greeting.txt")));
        Assert.Matches(@"Greet\s+Succeeded\s+< 1sec\s+// Greeted: Pipeline", run.Output);
    }

    [GeneratedRegex(@"<!-- example: add-a-target[^>]*-->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
