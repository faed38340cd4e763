using Pipeline.Compose.Errors;
using Pipeline.Compose.Interpolation;

namespace Pipeline.Containers.Tests.Compose;

public class DotEnvFileTests
{
    [Fact]
    public void Parses_comments_export_and_quotes()
    {
        var values = DotEnvFile.Parse("# comment\n\nA=1\nexport B = two\nC='single $X'\nD=\"dq\\nline\"\nE=plain # trailing\n", ".env");

        Assert.Equal("1", values["A"]);
        Assert.Equal("two", values["B"]);
        Assert.Equal("single $X", values["C"]);
        Assert.Equal("dq\nline", values["D"]);
        Assert.Equal("plain", values["E"]);
    }

    [Fact]
    public void Double_quoted_escapes_are_read_in_one_pass_and_a_comment_may_follow_the_quote()
    {
        var values = DotEnvFile.Parse("A=\"a\\\\nb\"\nB=\"v\" # note\nC='lit\\n' # note\nD=\"say \\\"hi\\\"\\tx\"\n", ".env");

        Assert.Equal("a\\nb", values["A"]);  // backslash, n: not a newline
        Assert.Equal("v", values["B"]);
        Assert.Equal("lit\\n", values["C"]);
        Assert.Equal("say \"hi\"\tx", values["D"]);
    }

    [Theory]
    [InlineData("K=\"v\" junk", "/x/.env:1: expected only a # comment after the closing \", got \"junk\"")]
    [InlineData("K=\"open", "/x/.env:1: missing closing \" in \"open")]
    public void Bad_quoting_names_file_and_line(string line, string message) =>
        Assert.Equal(message, Assert.Throws<ComposeFileException>(() => DotEnvFile.Parse(line, "/x/.env")).Message);

    [Fact]
    public void A_line_without_equals_names_file_and_line()
    {
        var error = Assert.Throws<ComposeFileException>(() => DotEnvFile.Parse("A=1\nnot a pair\n", "/x/.env"));

        Assert.Equal("/x/.env:2: expected KEY=VALUE, got \"not a pair\"", error.Message);
    }
}
