using Pipeline.Build;

namespace Pipeline.Stack.Component;

/// <summary>The Prefetch target and its parameter.</summary>
public partial interface IContainerStack
{
    /// <summary>Upstream connections the locked files are fetched over; 0 turns Prefetch off.</summary>
    [Parameter("Prefetch: upstream connections the locked files are fetched over while images build (0: no prefetch).")]
    [SetsOption("PrefetchOptions.FetchConnections")]
    int FetchConnections => ParameterValue(() => FetchConnections, PrefetchOptions.DefaultFetchConnections);

    /// <summary>Prefetch's options from its parameter.</summary>
    PrefetchOptions ConfigurePrefetch(PrefetchOptions options) => options with { FetchConnections = FetchConnections };

    /// <summary>
    /// Once LockCpu knows the locks, every locked file is fetched into the package proxy's store in the background,
    /// biggest first, while BaseImage and BuildParallel run.
    /// </summary>
    Target Prefetch => _ => _
        .Description("Starts fetching every file the requirements locks pin into the package proxy's store, biggest first, while the images build.")
        .After(LockCpu)
        .Before(BaseImage)
        .Requires(() => OptionsAreValid(nameof(Prefetch)))
        .Executes(ct => RunStep(Stack.StartPrefetchAsync, ct));
}
