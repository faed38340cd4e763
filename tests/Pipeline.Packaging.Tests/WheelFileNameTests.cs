using CsCheck;

namespace Pipeline.Packaging.Tests;

public sealed class WheelFileNameTests
{
    public static TheoryData<string[]> Wheels => Corpus.Rows("wheels.txt");

    [Theory]
    [MemberData(nameof(Wheels))]
    public void Wheel_names_and_urls_parse_into_their_fields(string[] row)
    {
        var wheel = row[0].Contains("://", StringComparison.Ordinal) ? WheelFileName.TryParseUrl(row[0]) : WheelFileName.TryParse(row[0]);

        Assert.NotNull(wheel);
        Assert.Equal((row[1], row[2], Corpus.Optional(row[3]), row[4]), (wheel.Project, wheel.Version, wheel.Build, wheel.Tag));
    }

    [Theory]
    [InlineData("torch-2.5.1.tar.gz")]
    [InlineData("torch-2.5.1-py3.whl")]
    [InlineData("torch--2.5.1-py3-none-any.whl")]
    [InlineData("a-1-2-3-py3-none-any.whl")]
    [InlineData("notes.txt")]
    public void Other_files_are_not_wheels(string fileName) => Assert.Null(WheelFileName.TryParse(fileName));

    [Fact]
    public void Compressed_tag_sets_expand_to_every_triple()
    {
        var wheel = WheelFileName.TryParse("pkg-1.0-py2.py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")!;

        Assert.Equal(["py2", "py3"], wheel.PythonTags);
        Assert.Equal(["none"], wheel.AbiTags);
        Assert.Equal(4, wheel.Tags.Count());
        Assert.Contains("py3-none-manylinux2014_x86_64", wheel.Tags);
    }

    [Fact]
    public void Built_names_parse_back_to_the_same_fields() =>
        Gen.Select(
                Gen.String[Gen.Char["AZaz09-_."], 1, 20].Where(s => char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1])),
                Gen.Select(Gen.Int[0, 30], Gen.Int[0, 30], Gen.OneOf("", "+cpu", ".post1", "rc1"), (a, b, s) => $"{a}.{b}{s}"),
                Gen.OneOf("py3-none-any", "cp311-cp311-linux_x86_64", "py2.py3-none-any", "cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64"))
            .Sample((name, version, tag) =>
            {
                var built = WheelFileName.For(name, version, tag);
                var parsed = WheelFileName.TryParse(built.FileName);
                return parsed == built && parsed.Project == ProjectName.Normalize(name) && !built.Distribution.Contains('-');
            });
}
