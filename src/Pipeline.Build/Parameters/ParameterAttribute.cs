namespace Pipeline.Build;

/// <summary>
/// Marks a field or property of the build as a parameter, set from (first wins) the command line, the
/// environment, <c>.nuke/parameters.json</c>, then <c>--profile</c> files. The initialiser is the default.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    /// <summary>Shown by <c>--help</c> and in the JSON schema.</summary>
    public string? Description { get; } = description;

    /// <summary>Overrides the name (default: the member name; <c>--kebab-case</c> on the command line also works).</summary>
    public string? Name { get; init; }
}

/// <summary>The parameter's value is never written to a log (it is masked as <c>****</c>).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
