using Pipeline.Build;

/// <summary>
/// The Prefetch target: once LockCpu knows the locks, every locked file is fetched into the package proxy's store in
/// the background, biggest first, over <c>--fetch-connections</c>, while BaseImage and BuildParallel run.
/// </summary>
partial class Build
{
    [Parameter("Prefetch: upstream connections the locked files are fetched over while images build (0: no prefetch).")]
    readonly int FetchConnections = 8;

    Target Prefetch => _ => _
        .Description("Starts fetching every file the requirements locks pin into the package proxy's store, biggest first, while the images build.")
        .After(LockCpu)
        .Before(BaseImage)
        .Executes(ct => FetchConnections < 0
            ? throw new BuildFailedException($"--fetch-connections {FetchConnections}: expected 0 (off) or more")
            : Run(c => Stack.StartPrefetchAsync(FetchConnections, c), ct));
}
