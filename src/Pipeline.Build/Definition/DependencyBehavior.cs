namespace Pipeline.Build;

/// <summary>What happens to the dependencies of a target that is skipped.</summary>
public enum DependencyBehavior
{
    /// <summary>Dependencies still run (NUKE's default).</summary>
    Execute,

    /// <summary>Dependencies are skipped too, unless another running target needs them.</summary>
    Skip,
}
