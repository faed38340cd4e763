using Pipeline.Benchmarks;
using Pipeline.Build;

/// <summary>
/// The Benchmark target: the stack's images built as users build them today (as-is), as people fix them by hand
/// (by-hand) and by Rebuild (pipeline), each cold and warm, against a slow, lossy stand-in PyPI
/// (<c>--throttle</c>, <c>--drop</c>, <c>--latency</c> from Build.Mirror.cs, <c>--wheel-scale</c>). See docs/benchmarks.md.
/// </summary>
partial class Build
{
    [Parameter("Benchmark: cold+warm pairs per scenario; reports give the median and spread.")]
    readonly int Repeat = BenchmarkOptions.DefaultRepeat;

    [Parameter("Benchmark: scenarios to run: as-is, by-hand, pipeline (default: all).")]
    readonly string[] Scenarios = [];

    [Parameter("Benchmark: the stack measured: compose (the --compose-file stack, default) or seed (../shared/fixtures/seed-stack, materialised under .nuke/temp/benchmark/seed-stack, its own catalogue).", Name = "BenchmarkStack")]
    readonly string? BenchmarkStackName;

    [Parameter("Benchmark: the hand-fixed variant laid over a copy of the stack (default: examples/ai-stack-by-hand for the example stack, none for yours).")]
    readonly AbsolutePath? BenchmarkByHand;

    [Parameter("Benchmark: images the by-hand scenario builds at once.")]
    readonly int BenchmarkByHandParallelism = BenchmarkOptions.DefaultByHandParallelism;

    [Parameter("Benchmark: connections the physical floor assumes (distinct bytes ÷ (connections × throttle)).")]
    readonly int FloorConnections = BenchmarkOptions.DefaultFloorConnections;

    static AbsolutePath ExampleComposeFile => RootDirectory / "examples" / "ai-stack" / "docker-compose.yml";
    static AbsolutePath BenchmarkDirectory => ArtifactsDirectory / "benchmark";

    Target Benchmark => _ => _
        .Description("Measures as-is, by-hand and pipeline builds of the stack, cold and warm, against a throttled stand-in PyPI; writes artifacts/benchmark/.")
        .Requires(() => BenchmarkOptionsAreValid())
        .Executes(async ct =>
        {
            var document = await new BenchmarkRunner(Log).RunAsync(BenchmarkOptions, ct);
            var files = await BenchmarkReports.WriteAsync(document, BenchmarkDirectory, ct);
            foreach (var row in document.Summary)
                ReportSummary($"{row.Scenario} {row.Phase}", $"{SummaryRenderer.FormatSeconds(row.WallSeconds.Median)}, {Pipeline.IO.ByteSize.Format((long)row.UpstreamBytes.Median)}, {row.ImagesOk} ok / {row.ImagesFailed} failed");
            ReportSummary("Benchmark reports", string.Join(", ", files.Select(f => Path.GetRelativePath(RootDirectory, f))));
            var failed = document.Runs.Where(r => r.Error is not null).ToList();
            if (failed.Count > 0) Log.Warning("{Count} run(s) did not build every image; see {Summary}", failed.Count, files[1]);
        });

    /// <summary>Bad Benchmark parameters stop the build before anything runs (exit code 2): the options' declared ranges, one line.</summary>
    bool BenchmarkOptionsAreValid()
    {
        var problems = new List<string>();
        ScenarioPlanner.ParseScenarios(Scenarios, problems);
        problems.AddRange(BenchmarkOptions.Problems());
        if (problems.Count > 0) throw new BuildDefinitionException($"Benchmark: {new Pipeline.IO.Options.OptionsValidationException(problems).Message}");
        return true;
    }

    BenchmarkOptions BenchmarkOptions
    {
        get
        {
            var scenarios = ScenarioPlanner.ParseScenarios(Scenarios, new List<string>()); // names checked in BenchmarkOptionsAreValid
            var isExample = Path.GetFullPath(Component.ComposeFile) == Path.GetFullPath(ExampleComposeFile);
            return new BenchmarkOptions
            {
                RootDirectory = RootDirectory,
                Stack = BenchmarkStackName,
                ComposeFile = Component.ComposeFile,
                ByHandDirectory = BenchmarkByHand?.ToString() ?? (isExample ? (string)(RootDirectory / "examples" / "ai-stack-by-hand") : null),
                Scenarios = scenarios,
                Repeat = Repeat,
                WheelScale = Component.WheelScale ?? 0.1,
                Throttle = Component.Throttle ?? "600KB",
                Faults = Component.IndexFaults,
                ByHandParallelism = BenchmarkByHandParallelism,
                FloorConnections = FloorConnections,
                FetchConnections = Component.FetchConnections,
                Engine = Component.Engine,
                StackDefaults = Component.StackSettings,
                TargetDefaults = Component.StackTargetOptions,
                Checks = Component.Checks,
            };
        }
    }
}
