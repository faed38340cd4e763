using System.Collections;
using Pipeline.Verify.Checks.BuiltIn;

namespace Pipeline.Verify.Checks;

/// <summary>
/// The checks a verification runs, in order. Names are unique (they become JUnit testcase names).
/// Start from <see cref="BuiltIn"/> and <see cref="Add"/> your own in <c>Build.cs</c>.
/// </summary>
public sealed class CheckSet : IReadOnlyCollection<IImageCheck>
{
    private readonly List<IImageCheck> _checks = [];

    /// <summary>The built-in checks: no CUDA packages, CPU-only torch, image size, pip settings, non-root user.</summary>
    public static CheckSet BuiltIn() => new CheckSet()
        .Add(new NoCudaPackagesCheck())
        .Add(new TorchCpuCheck())
        .Add(new ImageSizeCheck())
        .Add(new PipSettingsCheck())
        .Add(new NonRootUserCheck());

    /// <summary>Appends a check; a second check with the same name is an error.</summary>
    public CheckSet Add(IImageCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (_checks.Any(c => string.Equals(c.Name, check.Name, StringComparison.Ordinal)))
            throw new VerifyConfigurationException($"Two checks are named '{check.Name}': check names must be unique");
        _checks.Add(check);
        return this;
    }

    /// <summary>Removes the check named <paramref name="name"/> (e.g. a built-in you do not want); true when one was removed.</summary>
    public bool Remove(string name) => _checks.RemoveAll(c => string.Equals(c.Name, name, StringComparison.Ordinal)) > 0;

    /// <inheritdoc />
    public int Count => _checks.Count;

    /// <inheritdoc />
    public IEnumerator<IImageCheck> GetEnumerator() => _checks.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
