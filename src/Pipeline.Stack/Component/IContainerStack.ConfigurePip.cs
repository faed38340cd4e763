using Pipeline.Build;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Stack.Mapping;

namespace Pipeline.Stack.Component;

/// <summary>The ConfigurePip target and its parameters.</summary>
public partial interface IContainerStack
{
    /// <summary>Dockerfiles to edit instead of the compose file's.</summary>
    [Parameter("ConfigurePip: Dockerfiles to edit instead of the compose file's.")]
    AbsolutePath[] Dockerfiles => ParameterValue(() => Dockerfiles, []);

    /// <summary>Print a diff per file and write nothing.</summary>
    [Parameter("ConfigurePip: print a diff per file and write nothing.")]
    bool DryRun => ParameterValue(() => DryRun, false);

    /// <summary>pip cache mounts.</summary>
    [Parameter("ConfigurePip: pip cache mounts.")]
    CacheMountMode CacheMounts => ParameterValue(() => CacheMounts, CacheMountMode.Auto);

    /// <summary>pip's network timeout in seconds.</summary>
    [Parameter("ConfigurePip: pip network timeout in seconds.")]
    [SetsOption("ConfigurePipOptions.TimeoutSeconds")]
    int PipTimeout => ParameterValue(() => PipTimeout, ConfigurePipOptions.DefaultTimeoutSeconds);

    /// <summary>pip's retries.</summary>
    [Parameter("ConfigurePip: pip retries.")]
    [SetsOption("ConfigurePipOptions.Retries")]
    int PipRetries => ParameterValue(() => PipRetries, ConfigurePipOptions.DefaultRetries);

    /// <summary>ConfigurePip's options from its parameters.</summary>
    ConfigurePipOptions ConfigureConfigurePip(ConfigurePipOptions options) => options with
    {
        Dockerfiles = Dockerfiles.Length > 0 ? DockerfileTargets.ForFiles(Dockerfiles.Select(d => (string)d).ToList()) : options.Dockerfiles,
        DryRun = DryRun,
        CacheMounts = CacheMounts,
        TimeoutSeconds = PipTimeout,
        Retries = PipRetries,
    };

    /// <summary>Hardens pip in every Dockerfile.</summary>
    Target ConfigurePip => _ => _
        .Description("Hardens pip in every Dockerfile: timeouts, retries, cache mounts, CPU-only torch first.")
        .After(Stop)
        .Requires(() => OptionsAreValid(nameof(ConfigurePip)))
        .Executes(ct => RunStep(Stack.ConfigurePipAsync, ct));
}
