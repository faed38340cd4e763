namespace Pipeline.Python.Markers;

/// <summary>PEP 440 comparison operators as used by markers and <c>==</c> pins (incl. <c>==3.12.*</c> and <c>~=</c>).</summary>
public static class VersionComparison
{
    /// <summary>
    /// Compares <paramref name="version"/> against <paramref name="operator"/> <paramref name="specifier"/>;
    /// false when either side is not a version (the caller then falls back to string comparison, as PEP 508 says).
    /// </summary>
    public static bool TryCompare(string version, string @operator, string specifier, out bool result)
    {
        result = false;
        var v = PythonVersion.TryParse(version);
        if (v is null)
            return false;
        if (specifier.EndsWith(".*", StringComparison.Ordinal) && @operator is "==" or "!=")
        {
            var prefix = PythonVersion.TryParse(specifier[..^2]);
            if (prefix is null)
                return false;
            var matches = prefix.Release.Select((n, i) => i < v.Release.Count ? v.Release[i] == n : n == 0).All(x => x);
            result = @operator == "==" ? matches : !matches;
            return true;
        }
        var s = PythonVersion.TryParse(specifier);
        if (s is null)
            return false;
        var c = v.CompareTo(s);
        // A specifier without a local label matches any local build of the same public version (PEP 440).
        if (s.Local is null && v.Local is not null && @operator is "==" or "!=" or "<=" or ">=")
            c = PythonVersion.TryParse(v.Public)!.CompareTo(s);
        result = @operator switch
        {
            "==" or "===" => c == 0,
            "!=" => c != 0,
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            "~=" => c >= 0 && s.Release.Count >= 2
                    && PythonVersion.CompareRelease(v.Release.Take(s.Release.Count - 1).ToArray(), s.Release.Take(s.Release.Count - 1).ToArray()) == 0,
            _ => false,
        };
        return @operator is "==" or "===" or "!=" or "<" or "<=" or ">" or ">=" or "~=";
    }
}
