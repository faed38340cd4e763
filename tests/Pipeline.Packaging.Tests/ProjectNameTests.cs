using CsCheck;

namespace Pipeline.Packaging.Tests;

public sealed class ProjectNameTests
{
    private static readonly Gen<string> Names =
        Gen.String[Gen.Char["AZaz09-_."], 1, 30].Where(s => char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]));

    [Theory]
    [InlineData("Sentence_Transformers", "sentence-transformers")]
    [InlineData("zope.interface", "zope-interface")]
    [InlineData("Foo.._-Bar", "foo-bar")]
    [InlineData("  torch ", "torch")]
    [InlineData("nvidia-cudnn-cu12", "nvidia-cudnn-cu12")]
    public void Names_are_normalised_per_pep503(string name, string expected) =>
        Assert.Equal(expected, ProjectName.Normalize(name));

    [Theory]
    [InlineData("nvidia-cudnn-cu12", true)]
    [InlineData("a", true)]
    [InlineData("-leading", false)]
    [InlineData("trailing.", false)]
    [InlineData("has space", false)]
    public void Valid_distribution_names_are_recognised(string name, bool valid) =>
        Assert.Equal(valid, ProjectName.IsValid(name));

    [Fact]
    public void Normalising_is_idempotent_and_leaves_no_upper_case_or_separator_runs() =>
        Names.Sample(name =>
        {
            var once = ProjectName.Normalize(name);
            return once == ProjectName.Normalize(once)
                && !once.Any(char.IsUpper) && !once.Contains('_') && !once.Contains('.') && !once.Contains("--", StringComparison.Ordinal);
        });

    [Fact]
    public void Spellings_that_differ_only_in_case_and_separators_are_the_same_project() =>
        Gen.Select(Names, Gen.Int[0, 2]).Sample((name, style) =>
        {
            var separator = style switch { 0 => "_", 1 => ".", _ => "-_." };
            var respelled = string.Join(separator, ProjectName.Normalize(name).Split('-')).ToUpperInvariant();
            return ProjectName.AreSame(name, respelled);
        });

    [Fact]
    public void The_wheel_component_uses_underscores() =>
        Assert.Equal("sentence_transformers", ProjectName.ToWheelComponent("Sentence.Transformers"));
}
