using Pipeline.Containers.Context;

namespace Pipeline.Containers.Tests.Context;

public class DockerIgnoreMatcherTests
{
    // Cases follow moby's patternmatcher tests (TestMatches / TestMatchesWithMalformedPatterns semantics).
    [Theory]
    [InlineData("fileutils.go", "fileutils.go", true)]
    [InlineData("*.go", "fileutils.go", true)]
    [InlineData("*.go", "dir/fileutils.go", false)]      // '*' never crosses '/'
    [InlineData("**/*.go", "dir/sub/fileutils.go", true)]
    [InlineData("**/*.go", "fileutils.go", true)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("dir/**", "dir/a/b", true)]
    [InlineData("dir/**", "dirx/a", false)]
    [InlineData("**/node_modules", "a/b/node_modules/x.js", true)] // parent directory matches
    [InlineData("docs", "docs/readme.md", true)]
    [InlineData("/docs", "docs/readme.md", true)]
    [InlineData("./docs/", "docs/readme.md", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[^a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("*.tar.gz", "x.tar.gz", true)]
    [InlineData("*.tar.gz", "xtargz", false)]             // '.' is literal
    [InlineData("a/../b", "b", true)]                     // patterns are cleaned
    public void Single_pattern(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnoreMatcher([pattern]).IsExcluded(path));

    [Theory]
    [InlineData("data[", "unterminated bracket")]
    [InlineData("[z-a]", "reversed character range")]
    public void A_malformed_pattern_names_the_file_line_and_pattern(string pattern, string reason)
    {
        var error = Assert.Throws<FormatException>(() => new DockerIgnoreMatcher(["# comment", "*.md", pattern], "/ctx/.dockerignore"));

        Assert.Equal($"/ctx/.dockerignore:3: bad pattern '{pattern}': {reason}", error.Message);
    }

    [Fact]
    public void Exceptions_reinclude_and_last_match_wins()
    {
        var matcher = new DockerIgnoreMatcher(["# comment", "", "*.md", "!README.md", "docs", "!docs/keep.txt", "README.md"]);

        Assert.True(matcher.IsExcluded("CHANGES.md"));
        Assert.True(matcher.IsExcluded("README.md"));        // excluded again by the last line
        Assert.True(matcher.IsExcluded("docs/other.txt"));
        Assert.False(matcher.IsExcluded("docs/keep.txt"));
        Assert.False(matcher.IsExcluded("src/main.py"));
        Assert.True(matcher.HasExceptions);
    }
}
