using Pipeline.Build;
using Pipeline.Containers.Building;

namespace Pipeline.Stack.Component;

/// <summary>The BuildParallel target and its parameters.</summary>
public partial interface IContainerStack
{
    /// <summary>Images built at once.</summary>
    [Parameter("BuildParallel: images built at once (default: by core count, logged).")]
    [SetsOption("BuildParallelOptions.Parallelism")]
    int? Parallelism => ParameterValue(() => Parallelism, null);

    /// <summary>Build every image again, ignoring the layer cache.</summary>
    [Parameter("BuildParallel: build every image again, even when up to date, ignoring the layer cache.")]
    bool NoCache => ParameterValue(() => NoCache, false);

    /// <summary>Keep building the other images when one fails.</summary>
    [Parameter("BuildParallel: keep building the other images when one fails.")]
    bool ContinueOnError => ParameterValue(() => ContinueOnError, false);

    /// <summary>Attempts per image when a build fails transiently.</summary>
    [Parameter("BuildParallel: attempts per image when a build fails transiently (network, engine connection).")]
    [SetsOption("BuildParallelOptions.Retry.MaxAttempts")]
    int BuildAttempts => ParameterValue(() => BuildAttempts, BuildRetryOptions.DefaultMaxAttempts);

    /// <summary>Seconds before the first retry.</summary>
    [Parameter("BuildParallel: seconds before the first retry (doubled each time, with jitter).")]
    [SetsOption("BuildParallelOptions.Retry.BaseDelay")]
    double BuildRetryDelay => ParameterValue(() => BuildRetryDelay, BuildRetryOptions.DefaultBaseDelaySeconds);

    /// <summary>Build args for every image, as KEY=VALUE.</summary>
    [Parameter("BuildParallel: build args for every image, as KEY=VALUE (win over the compose file's).")]
    string[] BuildArgs => ParameterValue(() => BuildArgs, []);

    /// <summary>The build network.</summary>
    [Parameter("BuildParallel: build network, 'host' (default: builds reach the package index on 127.0.0.1) or 'default' (= 'bridge').")]
    string? Network => ParameterValue(() => Network, null);

    /// <summary>The registry cache: where images are pulled from (and pushed to with --push) by their inputs digest.</summary>
    [Parameter("BuildParallel: registry cache such as registry.example:5000/ai-stack: an image whose inputs were pushed there is pulled, not built.")]
    [SetsOption("BuildParallelOptions.RegistryCache.Repository")]
    string? Registry => ParameterValue(() => Registry, null);

    /// <summary>Push every image built to the registry cache.</summary>
    [Parameter("BuildParallel: push every image built to --registry (what a CI run shares with the next machine).")]
    [SetsOption("BuildParallelOptions.RegistryCache.Push")]
    bool Push => ParameterValue(() => Push, false);

    /// <summary>A registry repository each image pulls REPOSITORY/NAME:cache from as a layer cache source before it is built.</summary>
    [Parameter("BuildParallel: registry repository such as registry.example:5000/ai-stack that each image pulls NAME:cache from as a layer cache source (as compose's build.cache_from).")]
    [SetsOption("BuildParallelOptions.CacheFrom")]
    string? CacheFrom => ParameterValue(() => CacheFrom, null);

    /// <summary>A registry repository each image built is pushed to as REPOSITORY/NAME:cache.</summary>
    [Parameter("BuildParallel: registry repository each image built is pushed to as NAME:cache, for the next machine's --cache-from (as compose's build.cache_to).")]
    [SetsOption("BuildParallelOptions.CacheTo")]
    string? CacheTo => ParameterValue(() => CacheTo, null);

    /// <summary>BuildParallel's options from its parameters.</summary>
    BuildParallelOptions ConfigureBuildParallel(BuildParallelOptions options) => options with
    {
        Parallelism = Parallelism,
        NoCache = NoCache,
        ContinueOnError = ContinueOnError,
        HostNetwork = Network is null ? options.HostNetwork : BuildParallelOptions.IsHostNetwork(Network),
        BuildArgs = SettingParsers.Map(BuildArgs, "--build-args"),
        Retry = options.Retry with { MaxAttempts = BuildAttempts, BaseDelay = TimeSpan.FromSeconds(BuildRetryDelay) },
        RegistryCache = Registry is { Length: > 0 } registry ? new RegistryCacheOptions { Repository = registry, Push = Push }
            // --push alone: the options say there is nowhere to push (unless the build configured a repository).
            : Push ? (options.RegistryCache ?? new RegistryCacheOptions { Repository = "" }) with { Push = true }
            : options.RegistryCache,
        CacheFrom = CacheFrom ?? options.CacheFrom,
        CacheTo = CacheTo ?? options.CacheTo,
    };

    /// <summary>Builds the stack's images in parallel.</summary>
    Target BuildParallel => _ => _
        .Description("Builds the stack's images in parallel through the engine API, against the package index.")
        .DependsOn(BaseImage)
        .After(LockCpu)
        .Requires(() => OptionsAreValid(nameof(BuildParallel)))
        .Executes(ct => RunStep(Stack.BuildParallelAsync, ct));
}
