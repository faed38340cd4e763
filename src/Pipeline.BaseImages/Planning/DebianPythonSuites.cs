namespace Pipeline.BaseImages.Planning;

/// <summary>
/// Which Debian suite ships which Python 3: a mapped <c>python:X.Y-slim</c> is bootstrapped from the suite whose
/// <c>python3</c> is X.Y, so the image holds the Python its tag promises.
/// </summary>
public static class DebianPythonSuites
{
    /// <summary>The value of the suite setting that picks the suite per Python version.</summary>
    public const string Auto = "auto";

    /// <summary>Suite → the Python 3 minor version its <c>python3</c> package is, oldest first.</summary>
    public static IReadOnlyList<(string Suite, string Python)> Shipped { get; } =
    [
        ("bullseye", "3.9"),
        ("bookworm", "3.11"),
        ("trixie", "3.13"),
    ];

    /// <summary>The suite whose python3 is <paramref name="pythonVersion"/> (<c>3.13</c> or <c>3.13.1</c>), or null when none is.</summary>
    public static string? ForPython(string pythonVersion)
    {
        var minor = string.Join('.', pythonVersion.Split('.').Take(2));
        return Shipped.FirstOrDefault(s => s.Python == minor).Suite;
    }

    /// <summary>"bullseye 3.9, bookworm 3.11, trixie 3.13", for messages.</summary>
    public static string Describe() => string.Join(", ", Shipped.Select(s => $"{s.Suite} {s.Python}"));
}
