using System.Reflection;
using Pipeline.Testing;

namespace Pipeline.Stack.Tests.PublicApi;

/// <summary>
/// The public API of every library, approved: each assembly's surface (<see cref="PublicApiText"/>) must equal its
/// committed baseline <c>PublicApi/&lt;Assembly&gt;.txt</c>. A change fails with the lines added and removed and writes
/// <c>&lt;Assembly&gt;.received.txt</c> beside the baseline; accept it by running the tests with
/// <c>PIPELINE_ACCEPT_API=1</c> (which rewrites the baselines) and committing the diff.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Libraries => new(Assemblies.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, Assembly> Assemblies = new[]
    {
        typeof(Pipeline.Build.PipelineBuild).Assembly,
        typeof(Pipeline.Compose.Loading.ComposeFileLoader).Assembly,
        typeof(Pipeline.Containers.Engine.EngineSession).Assembly,
        typeof(Pipeline.Dockerfiles.Syntax.DockerfileParser).Assembly,
        typeof(Pipeline.IO.AtomicFile).Assembly,
        typeof(Pipeline.Packaging.ProjectName).Assembly,
        typeof(Pipeline.Python.PythonInputException).Assembly,
        typeof(Pipeline.Python.Index.Proxy.PackageProxy).Assembly,
        typeof(Pipeline.BaseImages.PythonBaseImageBuilder).Assembly,
        typeof(Pipeline.Verify.ImageVerifier).Assembly,
        typeof(StackSession).Assembly,
    }.ToDictionary(a => a.GetName().Name!);

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_public_api_is_the_approved_one(string library)
    {
        var baseline = Path.Combine(RepoPaths.Root, "tests", "Pipeline.Stack.Tests", "PublicApi", library + ".txt");
        var received = Path.ChangeExtension(baseline, ".received.txt");
        var actual = PublicApiText.Of(Assemblies[library]);
        var text = string.Join('\n', actual) + "\n";
        if (Environment.GetEnvironmentVariable("PIPELINE_ACCEPT_API") == "1")
        {
            File.WriteAllText(baseline, text);
            File.Delete(received);
            return;
        }

        var approved = File.Exists(baseline) ? File.ReadAllLines(baseline) : [];
        var added = actual.Except(approved).ToList();
        var removed = approved.Except(actual).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        Assert.Fail($"{library}'s public API changed ({added.Count} added, {removed.Count} removed; approve with PIPELINE_ACCEPT_API=1):\n"
                    + string.Join('\n', added.Take(20).Select(l => "+ " + l).Concat(removed.Take(20).Select(l => "- " + l))));
    }
}
