namespace Pipeline.Python.Markers;

/// <summary>
/// The values PEP 508 markers are evaluated against (<c>sys_platform</c>, <c>python_version</c>, ...) plus the
/// requested extras.
/// </summary>
/// <param name="Variables">Marker variable values by name.</param>
/// <param name="Extras">Requested extras, normalized (PEP 503 style).</param>
/// <param name="AnyExtra">
/// When true every <c>extra</c> comparison holds: an audit wants every package that some choice of extras could
/// install (uv encodes conflicting extras such as <c>cpu</c>/<c>cu124</c> as <c>extra</c> markers).
/// </param>
public sealed record MarkerEnvironment(IReadOnlyDictionary<string, string> Variables, IReadOnlySet<string> Extras, bool AnyExtra)
{
    /// <summary>The environment of a target platform with the given extras.</summary>
    public static MarkerEnvironment For(TargetPlatform target, IEnumerable<string>? extras = null, bool anyExtra = false)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["python_version"] = target.PythonVersion,
            ["python_full_version"] = target.PythonFullVersion,
            ["implementation_version"] = target.PythonFullVersion,
            ["implementation_name"] = target.ImplementationName,
            ["platform_python_implementation"] = target.PlatformPythonImplementation,
            ["sys_platform"] = target.SysPlatform,
            ["platform_system"] = target.PlatformSystem,
            ["platform_machine"] = target.PlatformMachine,
            ["os_name"] = target.OsName,
            ["platform_release"] = target.PlatformRelease,
            ["platform_version"] = target.PlatformVersion,
        };
        return new MarkerEnvironment(variables, (extras ?? []).Select(Packaging.ProjectName.Normalize).ToHashSet(), anyExtra);
    }

    /// <summary>PEP 503 name normalisation: the one rule of <see cref="Packaging.ProjectName.Normalize"/>.</summary>
    public static string NormalizeName(string name) => Packaging.ProjectName.Normalize(name);
}
