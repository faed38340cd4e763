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
    public void A_line_without_equals_names_file_and_line()
    {
        var error = Assert.Throws<ComposeFileException>(() => DotEnvFile.Parse("A=1\nnot a pair\n", "/x/.env"));

        Assert.Equal("/x/.env:2: expected KEY=VALUE, got \"not a pair\"", error.Message);
    }
}
