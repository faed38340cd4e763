using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;

namespace Pipeline.Containers.Building;

/// <summary>
/// Images shared through a registry, keyed by the digest of their inputs (<see cref="ImageLabels.InputsLabel"/>): a
/// fresh CI machine pulls the image the last build pushed for the same inputs instead of building it, as
/// <c>cache_from</c>/<c>cache_to</c> and <c>--push</c> do for compose and bake. The registry holds whole images, so
/// this works with every engine (podman's API builder reads no registry layer cache).
/// </summary>
public sealed record RegistryCacheOptions : IValidatableObject
{
    /// <summary>
    /// The registry and path images are kept under, e.g. <c>registry.example:5000/ai-stack</c>: image
    /// <c>ai-stack-aidb</c> built from inputs <c>sha256:0a1b…</c> is <c>registry.example:5000/ai-stack/ai-stack-aidb:inputs-0a1b…</c>.
    /// A registry without TLS must be listed as insecure in the engine's registries.conf.
    /// </summary>
    [RegularExpression(@"^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*$",
        ErrorMessage = "expected a registry host and path such as registry.example:5000/ai-stack")]
    public required string Repository { get; init; }

    /// <summary>Push every image built (<c>--push</c>). Default false.</summary>
    public bool Push { get; init; }

    /// <summary>Before building an image, pull the one pushed for the same inputs, if any (<c>--cache-from</c>). Default true.</summary>
    public bool Pull { get; init; } = true;

    /// <summary>An empty <see cref="Repository"/>: nowhere to push to, or pull from.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Repository)) yield break;
        yield return Push
            ? new ValidationResult("true: needs a Repository, the registry to push the images to", [nameof(Push)])
            : new ValidationResult($"{OptionsValidator.Show(Repository)}: expected a registry host and path such as registry.example:5000/ai-stack", [nameof(Repository)]);
    }
}
