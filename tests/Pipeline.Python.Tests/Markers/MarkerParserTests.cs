using Pipeline.Python.Markers;

namespace Pipeline.Python.Tests.Markers;

public class MarkerParserTests
{
    private static readonly MarkerEnvironment Linux311 = MarkerEnvironment.For(TargetPlatform.LinuxX86_64("3.11"));

    [Theory]
    [InlineData("sys_platform == 'linux'", true)]
    [InlineData("sys_platform != 'linux'", false)]
    [InlineData("platform_machine == 'x86_64' and sys_platform == 'linux'", true)]
    [InlineData("platform_machine == 'aarch64' or sys_platform == 'darwin'", false)]
    [InlineData("(platform_machine == 'aarch64' or sys_platform == 'linux') and os_name == \"posix\"", true)]
    [InlineData("python_version >= '3.11'", true)]
    [InlineData("python_version < '3.9'", false)]
    [InlineData("python_version > '3.9'", true)] // version, not string, comparison: '3.11' < '3.9' as strings
    [InlineData("python_full_version == '3.11.*'", true)]
    [InlineData("python_full_version == '3.12.*'", false)]
    [InlineData("python_full_version < '3.11.1'", true)]
    [InlineData("'3.10' <= python_version", true)]
    [InlineData("python_version in '3.10 3.11'", true)]
    [InlineData("python_version not in '3.10 3.11'", false)]
    [InlineData("'linux' in sys_platform", true)]
    [InlineData("implementation_name == 'cpython' and platform_python_implementation == 'CPython'", true)]
    [InlineData("platform_system == 'Windows'", false)]
    [InlineData("python_version ~= '3.10'", true)]
    [InlineData("extra == 'gpu'", false)]
    [InlineData("extra != 'gpu'", true)]
    public void Evaluates_pep508_markers(string marker, bool expected)
    {
        Assert.Equal(expected, MarkerParser.Parse(marker).Evaluate(Linux311));
    }

    [Fact]
    public void Extras_are_matched_by_normalized_name_and_any_extra_holds_for_audits()
    {
        var gpu = MarkerEnvironment.For(TargetPlatform.LinuxX86_64(), ["GPU_Extra"]);
        Assert.True(MarkerParser.Parse("extra == 'gpu-extra'").Evaluate(gpu));
        Assert.False(MarkerParser.Parse("extra == 'cpu' and extra == 'gpu-extra'").Evaluate(gpu));
        Assert.True(MarkerParser.Parse("extra == 'cpu'").Evaluate(MarkerEnvironment.For(TargetPlatform.LinuxX86_64(), anyExtra: true)));
    }

    [Theory]
    [InlineData("'cpu' in extras", false, true)]
    [InlineData("'cpu' not in extras", true, true)]
    [InlineData("'gpu-extra' in extras", true, true)]
    [InlineData("'dev' in dependency_groups", false, true)]
    [InlineData("'dev' not in dependency_groups and sys_platform == 'linux'", true, true)]
    public void Pep751_extras_and_dependency_groups_are_sets_tested_with_in(string marker, bool withGpuExtra, bool anyExtra)
    {
        var gpu = MarkerEnvironment.For(TargetPlatform.LinuxX86_64(), ["GPU_Extra"]);
        var audit = MarkerEnvironment.For(TargetPlatform.LinuxX86_64(), anyExtra: true);

        Assert.Equal(withGpuExtra, MarkerParser.Parse(marker).Evaluate(gpu));
        Assert.Equal(anyExtra, MarkerParser.Parse(marker).Evaluate(audit));
    }

    [Theory]
    [InlineData("extras == 'cpu'")]
    [InlineData("dependency_groups in 'dev'")]
    [InlineData("sys_platform in extras")]
    public void Pep751_sets_accept_only_membership_tests(string marker)
    {
        Assert.Contains("PEP 751", Assert.Throws<MarkerSyntaxException>(() => MarkerParser.Parse(marker)).Message);
    }

    [Theory]
    [InlineData("sys_platform = 'linux'")]
    [InlineData("sys_platform == 'linux")]
    [InlineData("(sys_platform == 'linux'")]
    [InlineData("sys_platfrom == 'linux'")]
    [InlineData("sys_platform == 'linux' and")]
    [InlineData("sys_platform 'linux'")]
    public void Rejects_bad_markers(string marker)
    {
        Assert.Throws<MarkerSyntaxException>(() => MarkerParser.Parse(marker));
    }

    [Theory]
    [InlineData("2.5.1+cpu", "2.5.1", 1)]
    [InlineData("2.5.1", "2.5.1.0", 0)]
    [InlineData("2.5.1rc1", "2.5.1", -1)]
    [InlineData("2.5.1.post1", "2.5.1", 1)]
    [InlineData("2.5.1.dev0", "2.5.1a1", -1)]
    [InlineData("1!1.0", "2.0", 1)]
    [InlineData("3.10", "3.9", 1)]
    [InlineData("1.0+abc.10", "1.0+abc.9", 1)] // numeric local segments compare as numbers
    [InlineData("1.0+1", "1.0+abc", 1)] // numeric above alphanumeric
    [InlineData("1.0+abc.1", "1.0+abc", 1)] // more segments win on an equal prefix
    [InlineData("1.0", "1.0+abc", -1)]
    [InlineData("99999999999.1", "99999999999.0", 1)] // does not fit an int
    public void Orders_pep440_versions(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(PythonVersion.TryParse(a)!.CompareTo(PythonVersion.TryParse(b))));
    }

    [Fact]
    public void Local_label_is_kept()
    {
        var v = PythonVersion.TryParse("2.5.1+cu124")!;
        Assert.Equal("cu124", v.Local);
        Assert.Equal("2.5.1", v.Public);
    }

    [Theory]
    [InlineData("2.5.1+cpu", ">", "2.5.1", false)] // packaging: a local build of V is not > V
    [InlineData("2.5.2+cpu", ">", "2.5.1", true)]
    [InlineData("2.5.1.post1", ">", "2.5.1", false)] // nor is a post-release of V
    [InlineData("2.5.1.post2", ">", "2.5.1.post1", true)]
    [InlineData("2.5.1rc1", "<", "2.5.1", false)] // a pre-release of V is not < V
    [InlineData("2.5.0", "<", "2.5.1", true)]
    [InlineData("2.5.1rc1", "<", "2.5.1rc2", true)]
    [InlineData("2.5.1+cpu", "==", "2.5.1", true)]
    [InlineData("2.5.1+cpu", "<=", "2.5.1", true)]
    [InlineData("1!2.5.1", "==", "2.*", false)] // the epoch counts in prefix matches
    [InlineData("1!2.5.1", "==", "1!2.*", true)]
    [InlineData("2.5.1", "==", "2.*", true)]
    [InlineData("1!2.5.1", "~=", "2.5", false)]
    [InlineData("2.5.1", "===", "2.5.1", true)]
    [InlineData("2.5.1", "===", "2.5.1.0", false)] // arbitrary equality is a string match
    public void Compares_like_packaging(string version, string op, string specifier, bool expected)
    {
        Assert.True(VersionComparison.TryCompare(version, op, specifier, out var result));
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Numbers_too_big_for_64_bits_are_not_versions_instead_of_throwing()
    {
        Assert.Null(PythonVersion.TryParse("1.99999999999999999999999"));
        Assert.False(VersionComparison.TryCompare("1.99999999999999999999999", ">=", "1.0", out _));
        // Not a version: PEP 508 falls back to comparing strings ("3.11.x" < "3.9999...").
        Assert.False(MarkerParser.Parse("python_full_version >= '3.99999999999999999999999'").Evaluate(Linux311));
    }
}
