using CsCheck;
using Pipeline.Containers.Context;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Context;

/// <summary>
/// Property tests (CsCheck) of <c>.dockerignore</c>: generated patterns agree with an independent backtracking
/// reading of moby's rules (the product compiles them to regexes), a pattern followed by its <c>!</c> exception
/// excludes nothing, and any line at all is either a pattern or one <c>file:line: bad pattern</c> error.
/// </summary>
public sealed class DockerIgnorePropertyTests
{
    private static readonly Gen<string> Pattern =
        Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Const("/"), Gen.Const("*"), Gen.Const("?"), Gen.Const("**"), Gen.Const("."), Gen.Const(".."))
            .Array[1, 7].Select(parts => string.Concat(parts));

    private static readonly Gen<string> RelativePath =
        Gen.OneOf(Gen.Const("a"), Gen.Const("b"), Gen.Const("ab"), Gen.Const(".a"), Gen.Const("a.b"))
            .Array[1, 4].Select(parts => string.Join('/', parts));

    // moby's patternmatcher read literally: '*' and '?' never cross '/', "**" crosses anything ("**/" also nothing),
    // matched against the whole path.
    private static bool Reference(string p, int i, string s, int j)
    {
        if (i == p.Length) return j == s.Length;
        if (p[i] == '*' && i + 1 < p.Length && p[i + 1] == '*')
        {
            var next = i + 2;
            if (next < p.Length && p[next] == '/') next++;
            if (next >= p.Length) return true;
            // "(.*/)?": nothing, or anything that ends with '/'.
            if (Reference(p, next, s, j)) return true;
            for (var k = j + 1; k <= s.Length; k++)
                if (s[k - 1] == '/' && Reference(p, next, s, k)) return true;
            return false;
        }
        if (p[i] == '*')
        {
            for (var k = j; k <= s.Length; k++)
            {
                if (Reference(p, i + 1, s, k)) return true;
                if (k < s.Length && s[k] == '/') return false;
            }
            return false;
        }
        if (j == s.Length) return false;
        if (p[i] == '?') return s[j] != '/' && Reference(p, i + 1, s, j + 1);
        return p[i] == s[j] && Reference(p, i + 1, s, j + 1);
    }

    [Fact]
    public void Compiled_patterns_agree_with_a_backtracking_reading_of_moby_rules()
    {
        var matched = 0;
        Gen.Select(Pattern, RelativePath).Sample((line, path) =>
        {
            var pattern = DockerIgnorePattern.Parse(line);
            if (pattern is null) return;
            var expected = Reference(pattern.Pattern, 0, path, 0);
            Assert.True(expected == pattern.Matches(path), $"'{line}' (cleaned '{pattern.Pattern}') on '{path}': expected {expected}");
            if (expected) matched++;
        }, iter: 3000, threads: 1);

        Assert.True(matched > 100, $"only {matched} matches: the generator does not exercise matching");
    }

    [Fact]
    public void A_pattern_followed_by_its_exception_excludes_nothing() =>
        Gen.Select(Pattern, RelativePath).Sample((line, path) =>
        {
            if (DockerIgnorePattern.Parse(line) is null) return;
            Assert.False(new DockerIgnoreMatcher([line, "!" + line]).IsExcluded(path), $"'{line}' then '!{line}' on '{path}'");
        }, iter: 2000, threads: 1);

    [Fact]
    public void Any_line_is_a_pattern_or_one_file_and_line_error()
    {
        var rejected = 0;
        Gen.OneOf(TextMutations.Garbage, TextMutations.Mutated(Gen.OneOf("*.log", "!build/keep.txt", "**/node_modules", "[a-z]?.py", "\\*x"), "[", "!"))
            .Sample(text =>
            {
                var lines = text.Split('\n');
                try
                {
                    var matcher = new DockerIgnoreMatcher(lines, "gen/.dockerignore");
                    _ = matcher.IsExcluded("a/b.log");
                }
                catch (FormatException e)
                {
                    rejected++;
                    Assert.Matches(@"^gen/\.dockerignore:\d+: bad pattern '", e.Message);
                    Assert.False(e.Message.Contains('\n'), "multi-line error: " + e.Message);
                }
            }, iter: 2000, threads: 1);

        Assert.True(rejected > 0, "no generated line was a bad pattern: the error half was not exercised");
    }
}
