using Pipeline.Dockerfiles.IO;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.Syntax;

/// <summary>Parse then write back gives the identical bytes, for real files and generated stress cases.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> FixtureDockerfiles() => new(FixturePaths());

    private static IEnumerable<string> FixturePaths() =>
        Directory.EnumerateFiles(RepoPaths.Fixtures, "Dockerfile*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Fixtures, p)).Order();

    [FixtureTheory]
    [MemberData(nameof(FixtureDockerfiles))]
    public async Task Fixture_round_trips_byte_for_byte(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Fixtures, relativePath);
        var bytes = await File.ReadAllBytesAsync(path);
        DockerfileDocument document;
        try
        {
            document = DockerfileParser.Parse(await TextFile.ReadAsync(path, CancellationToken.None), path);
        }
        catch (DockerfileParseException) when (relativePath.Contains("testfiles-negative", StringComparison.Ordinal))
        {
            return; // BuildKit rejects these; the conformance tests check the error.
        }

        Assert.Equal(bytes, TextFile.Encode(document.ToText()));
    }

    [FixtureFact]
    public void Fixtures_include_the_seed_stack_and_BuildKit_cases()
    {
        var all = FixturePaths().ToList();

        Assert.Contains(all, p => p.StartsWith("seed-stack", StringComparison.Ordinal));
        Assert.True(all.Count(p => p.StartsWith("buildkit-parser", StringComparison.Ordinal)) >= 38);
    }

    [Fact]
    public void Segments_tile_the_file_without_gaps_or_overlaps()
    {
        var text = "# syntax=docker/dockerfile:1\r\n\r\nFROM a AS b\r\n# c\r\nRUN x \\\r\n  # inner\r\n\r\n  y\r\nCOPY <<EOF /f\r\nbody\r\nEOF\r\n";

        var document = DockerfileParser.Parse(text);

        var line = 1;
        foreach (var segment in document.Segments)
        {
            Assert.Equal(line, segment.StartLine);
            line += segment.Raw.Count(c => c == '\n');
        }
        Assert.Equal(text, document.ToText());
        Assert.Equal("\r\n", document.LineEnding);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Generated_stress_cases_round_trip(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var text = StressDockerfile.Generate(random);
            DockerfileDocument document;
            try
            {
                document = DockerfileParser.Parse(text, $"seed{seed}-case{i}");
            }
            catch (DockerfileParseException)
            {
                continue; // some generated files are invalid on purpose (e.g. ENV without a value)
            }
            Assert.Equal(text, document.ToText());
            foreach (var instruction in document.Instructions)
            {
                // Every logical character maps back to the same character of the raw text (edits rely on it).
                var logical = instruction.Logical.Text;
                for (var c = 0; c < logical.Length; c++)
                    Assert.Equal(logical[c], instruction.Raw[instruction.Logical.ToRaw(c)]);
            }
        }
    }

    [Fact]
    public void Stress_generator_produces_mostly_valid_files()
    {
        var random = new Random(42);
        var valid = Enumerable.Range(0, 200).Count(_ =>
        {
            try
            {
                DockerfileParser.Parse(StressDockerfile.Generate(random));
                return true;
            }
            catch (DockerfileParseException)
            {
                return false;
            }
        });
        Assert.True(valid > 150, $"only {valid} of 200 generated files parsed");
    }
}
