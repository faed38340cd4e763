namespace Pipeline.Python.Markers;

/// <summary>PEP 440 comparison operators as used by markers and <c>==</c> pins (incl. <c>==3.12.*</c> and <c>~=</c>).</summary>
internal static class VersionComparison
{
    /// <summary>
    /// Compares <paramref name="version"/> against <paramref name="operator"/> <paramref name="specifier"/>;
    /// false when either side is not a version (the caller then falls back to string comparison, as PEP 508 says).
    /// </summary>
    public static bool TryCompare(string version, string @operator, string specifier, out bool result)
    {
        result = false;
        if (@operator is not ("==" or "===" or "!=" or "<" or "<=" or ">" or ">=" or "~="))
            return false;
        if (@operator == "===")
        {
            // Arbitrary equality is a plain case-insensitive string match (PEP 440), no version semantics.
            result = string.Equals(version.Trim(), specifier.Trim(), StringComparison.OrdinalIgnoreCase);
            return true;
        }
        var v = PythonVersion.TryParse(version);
        if (v is null)
            return false;
        if (specifier.EndsWith(".*", StringComparison.Ordinal) && @operator is "==" or "!=")
        {
            var prefix = PythonVersion.TryParse(specifier[..^2]);
            if (prefix is null)
                return false;
            // Prefix match on the release, padded with zeros; the epoch must be the same (1!2.0 is not ==2.*).
            var matches = v.Epoch == prefix.Epoch
                          && prefix.Release.Select((n, i) => i < v.Release.Count ? v.Release[i] == n : n == 0).All(x => x);
            result = @operator == "==" ? matches : !matches;
            return true;
        }
        var s = PythonVersion.TryParse(specifier);
        if (s is null)
            return false;
        // A specifier without a local label matches any local build of the same public version (PEP 440), so the
        // inclusive operators compare the public part only.
        var publicVersion = s.Local is null && v.Local is not null ? PythonVersion.TryParse(v.Public)! : v;
        var c = publicVersion.CompareTo(s);
        result = @operator switch
        {
            "==" => c == 0,
            "!=" => c != 0,
            "<=" => c <= 0,
            ">=" => c >= 0,
            // Exclusive comparisons do not admit pre-releases (<) or post-releases and local builds (>) of the
            // specified version itself: 2.5.1+cpu is not > 2.5.1, 2.5.1rc1 is not < 2.5.1 (packaging agrees).
            "<" => v.CompareTo(s) < 0 && !(v.IsPreRelease && !s.IsPreRelease && v.SameBaseVersion(s)),
            ">" => v.CompareTo(s) > 0
                   && !(v.Post is not null && s.Post is null && v.SameBaseVersion(s))
                   && !(v.Local is not null && v.SameBaseVersion(s)),
            _ => c >= 0 && s.Release.Count >= 2
                 && PythonVersion.CompareRelease(v.Release.Take(s.Release.Count - 1).ToArray(), s.Release.Take(s.Release.Count - 1).ToArray()) == 0
                 && v.Epoch == s.Epoch,
        };
        return true;
    }
}
