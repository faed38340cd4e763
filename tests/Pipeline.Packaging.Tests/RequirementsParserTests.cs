using System.Text.RegularExpressions;
using CsCheck;

namespace Pipeline.Packaging.Tests;

public sealed class RequirementsParserTests
{
    public static TheoryData<string[]> Good => Corpus.Rows("requirements-good.txt");

    public static TheoryData<string[]> Bad => Corpus.Rows("requirements-bad.txt");

    [Theory]
    [MemberData(nameof(Good))]
    public void Requirement_lines_parse_into_their_parts_in_both_modes(string[] row)
    {
        foreach (var mode in Enum.GetValues<RequirementsMode>())
        {
            var file = RequirementsParser.Parse(row[0] + "\n", "req.txt", mode);

            var r = Assert.Single(file.Requirements);
            Assert.Equal(row[1], r.Name);
            Assert.Equal(row[2], r.Specifier);
            Assert.Equal(Corpus.List(row[3]), r.Extras);
            Assert.Equal(Corpus.Optional(row[4]), r.Marker);
            Assert.Equal(Corpus.Optional(row[5]), r.Url);
            Assert.Equal(Corpus.List(row[6]), r.Hashes);
            Assert.Equal(1, r.Line);
            Assert.Empty(file.Unparsed);
        }
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void Strict_mode_names_file_and_line_of_a_bad_line(string[] row)
    {
        var text = $"fastapi==0.1\n\n{row[0]}\nuvicorn\n";

        var e = Assert.Throws<InputFormatException>(() => RequirementsParser.Parse(text, "svc/requirements.txt", RequirementsMode.Strict));

        Assert.Equal(3, e.Line);
        Assert.StartsWith($"svc/requirements.txt:3: {row[1]}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void Lenient_mode_keeps_a_bad_line_and_reads_the_rest(string[] row)
    {
        var file = RequirementsParser.Parse($"fastapi==0.1\n{row[0]}\nuvicorn\n", "req.txt", RequirementsMode.Lenient);

        var (kind, name) = row[2].Split(' ') is [var k, var n] ? (k, n) : (row[2], "");
        switch (kind)
        {
            case "unparsed":
                Assert.Equal([new UnparsedLine(row[0], 2)], file.Unparsed);
                Assert.Equal(["fastapi", "uvicorn"], file.Requirements.Select(r => r.Name));
                break;
            case "requirement":
                Assert.Equal(["fastapi", name, "uvicorn"], file.Requirements.Select(r => r.Name));
                break;
            default:
                Assert.Equal((name, "", 2, row[0]), Assert.Single(file.Options) is var o ? (o.Name, o.Value, o.Line, o.Text) : default);
                break;
        }
    }

    [Fact]
    public void Options_continuations_and_source_comments_are_read()
    {
        const string text = """
            --index-url https://pypi.org/simple
            --extra-index-url=https://download.pytorch.org/whl/cpu
            --trusted-host example.org
            -rbase.txt
            -c constraints.txt
            # source: https://download.pytorch.org/whl/cpu
            torch==2.5.1+cpu \
                --hash=sha256:aa11 \
                --hash=sha256:bb22
            # note \
            fastapi
            """;

        var file = RequirementsParser.Parse(text, "req.txt", RequirementsMode.Strict);

        Assert.Equal("https://pypi.org/simple", file.IndexUrl);
        Assert.Equal([PackageIndexes.PytorchCpu], file.ExtraIndexUrls);
        Assert.Equal(["--trusted-host example.org", "-rbase.txt", "-c constraints.txt"], file.OtherOptions);
        Assert.Equal([new RequirementsInclude("base.txt", 4)], file.Includes);
        Assert.Equal(RequirementsParser.Constraint, file.Options[4].Name);
        var torch = file.Requirements[0];
        Assert.Equal(("2.5.1+cpu", 7, PackageIndexes.PytorchCpu), (torch.PinnedVersion, torch.Line, torch.SourceComment));
        Assert.Equal(["aa11", "bb22"], torch.Hashes);
        // a '#' line never continues, so fastapi is its own requirement
        Assert.Equal(("fastapi", 11, (string?)null), (file.Requirements[1].Name, file.Requirements[1].Line, file.Requirements[1].SourceComment));
    }

    [Theory]
    [InlineData("==2.5.1", "2.5.1")]
    [InlineData("==2.*", null)]
    [InlineData("===2.5.1", null)]
    [InlineData(">=2,<3", null)]
    [InlineData("", null)]
    public void Only_a_single_exact_pin_is_a_pinned_version(string specifier, string? pinned) =>
        Assert.Equal(pinned, RequirementLine.Unpinned("torch") with { Specifier = specifier } is var r ? r.PinnedVersion : null);

    [Fact]
    public void Generated_requirement_lines_round_trip_through_both_modes() =>
        Gen.Select(
                Gen.OneOf("torch", "Sentence_Transformers", "zope.interface", "a", "nvidia-cudnn-cu12"),
                Gen.OneOf("", "==2.5.1+cpu", ">=1.0,<2", "~=1.26", "!=3"),
                Gen.OneOf("", "[standard]", "[a,b]"),
                Gen.OneOf("", " ; python_version < \"3.13\""),
                Gen.OneOf("", " --hash=sha256:ab12"),
                Gen.OneOf("", "  # trailing comment"))
            .Select(Gen.Bool, Gen.OneOf("\n", "\r\n"), (parts, spaced, eol) => (parts, spaced, eol))
            .Sample(c =>
            {
                var (name, spec, extras, marker, hash, comment) = c.parts;
                var written = c.spaced ? Regex.Replace(spec, "([<>=!~]+)", " $1 ").Replace(",", " , ", StringComparison.Ordinal) : spec;
                var line = $"{name}{extras}{written}{marker}{hash}{comment}";
                return Enum.GetValues<RequirementsMode>().All(mode =>
                {
                    var r = RequirementsParser.Parse($"-i https://x/simple{c.eol}{line}{c.eol}", "r.txt", mode).Requirements.Single();
                    return r.Name == name && r.Specifier == spec && r.Line == 2 && r.Pin == ProjectName.Normalize(name) + spec
                        && r.Hashes.Count == (hash.Length > 0 ? 1 : 0) && (r.Marker is null) == (marker.Length == 0);
                });
            });

    [Fact]
    public void Lenient_mode_never_throws_and_strict_mode_throws_only_its_format_error() =>
        Gen.String[Gen.Char[" -=<>[];@#\\.,azAZ09\n$"], 0, 80].Sample(text =>
        {
            RequirementsParser.Parse(text, "x", RequirementsMode.Lenient);
            try
            {
                RequirementsParser.Parse(text, "x", RequirementsMode.Strict);
            }
            catch (InputFormatException e) when (e.Message.StartsWith($"x:{e.Line}: ", StringComparison.Ordinal) && !e.Message.Contains('\n'))
            {
            }
        });
}
