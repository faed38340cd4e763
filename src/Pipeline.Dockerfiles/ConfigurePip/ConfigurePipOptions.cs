using Pipeline.Packaging;
using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;

namespace Pipeline.Dockerfiles.ConfigurePip;

/// <summary>Every parameter of the ConfigurePip target; each declares its default and valid range once, here.</summary>
public sealed record ConfigurePipOptions
{
    /// <summary>The Dockerfiles to rewrite (the caller maps the compose file's services to these).</summary>
    [Required]
    public required IReadOnlyList<DockerfileTarget> Dockerfiles { get; init; }

    /// <summary>Print diffs and write nothing. Default false.</summary>
    public bool DryRun { get; init; }

    /// <summary>Cache mount policy. Default <see cref="CacheMountMode.Auto"/>.</summary>
    public CacheMountMode CacheMounts { get; init; } = CacheMountMode.Auto;

    /// <summary>
    /// What the caller measured about the engine, used when <see cref="CacheMounts"/> is Auto (podman/buildah and
    /// BuildKit: true; dockerd's classic API builder: false). Default false, the safe answer.
    /// </summary>
    public bool EngineSupportsCacheMounts { get; init; }

    /// <summary>pip's network timeout in seconds (<c>PIP_DEFAULT_TIMEOUT</c>). Default 300; pip's own is 15.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    /// <summary>The default <see cref="TimeoutSeconds"/>.</summary>
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>pip's retries per request (<c>PIP_RETRIES</c>). Default 10; pip's own is 5, so 5 would change nothing.</summary>
    [Range(0, 100)]
    public int Retries { get; init; } = DefaultRetries;

    /// <summary>The default <see cref="Retries"/>.</summary>
    public const int DefaultRetries = 10;

    /// <summary>The index CPU-only PyTorch wheels come from. Default <see cref="PackageIndexes.PytorchCpu"/>.</summary>
    [Required, HttpUrl(Public = true)]
    public string TorchCpuIndexUrl { get; init; } = PackageIndexes.PytorchCpu;

    /// <summary>The build arg that can override <see cref="TorchCpuIndexUrl"/> (a local mirror). Default PIP_TORCH_INDEX_URL.</summary>
    public string TorchIndexArg { get; init; } = "PIP_TORCH_INDEX_URL";

    /// <summary>Where pip keeps its cache for the user that runs pip. Default /root/.cache/pip.</summary>
    public string CacheTarget { get; init; } = "/root/.cache/pip";

    /// <summary>Where uv keeps its cache for root (the cache mount's target for uv steps). Default /root/.cache/uv.</summary>
    public string UvCacheTarget { get; init; } = "/root/.cache/uv";

    /// <summary>Build args declared in each pip stage so builds can point pip at a mirror.</summary>
    public IReadOnlyList<string> MirrorArgs { get; init; } = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST"];

    /// <summary>ENV/ARG names removed because pip never reads them, with the reason reported.</summary>
    public IReadOnlyDictionary<string, string> NoOpSettings { get; init; } = new Dictionary<string, string>
    {
        ["PIP_PARALLEL_BUILDS"] = "not a pip setting: pip ignores unknown PIP_* variables and has no parallel downloads",
        ["HTTP_TIMEOUT"] = "not read by pip: its timeout is PIP_DEFAULT_TIMEOUT / --timeout",
    };

    /// <summary>The PyTorch packages installed from the CPU index. Default torch, torchvision, torchaudio.</summary>
    public IReadOnlyList<string> TorchPackages { get; init; } = PackageIndexes.TorchPackages;

    /// <summary>Packages that pull torch in (PEP 503 names): their presence means torch is installed too.</summary>
    public IReadOnlyList<string> TorchDependents { get; init; } =
    [
        "sentence-transformers", "llama-index-embeddings-huggingface", "langchain-huggingface", "accelerate", "peft",
        "timm", "torchmetrics", "pytorch-lightning", "lightning", "open-clip-torch", "openai-whisper", "easyocr",
        "bitsandbytes", "xformers", "flair", "kornia", "ultralytics", "flagembedding", "instructorembedding",
    ];

    /// <summary>Suffix of the backup kept next to each rewritten file. Default <c>.bak</c>.</summary>
    public string BackupSuffix { get; init; } = ".bak";

    /// <summary>Whether cache mounts are used once Auto is resolved.</summary>
    public bool UseCacheMounts => CacheMounts switch
    {
        CacheMountMode.On => true,
        CacheMountMode.Off => false,
        _ => EngineSupportsCacheMounts,
    };
}
