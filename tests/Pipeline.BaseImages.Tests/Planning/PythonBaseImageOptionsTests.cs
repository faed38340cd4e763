using Pipeline.IO.Options;

namespace Pipeline.BaseImages.Tests.Planning;

public sealed class PythonBaseImageOptionsTests
{
    private static readonly PythonBaseImageOptions Valid = new() { WorkDirectory = "/tmp/base-image" };

    [Fact]
    public void Defaults_with_a_work_directory_are_valid() =>
        Assert.Empty(OptionsValidator.Problems(Valid));

    [Theory]
    [InlineData("Tag")]
    [InlineData("Suite")]
    [InlineData("Mirror")]
    [InlineData("WorkDirectory")]
    [InlineData("ExtraPackages")]
    [InlineData("RegistryTimeout")]
    [InlineData("PackageCacheDirectory")]
    public void Each_bad_value_is_named(string property)
    {
        var options = property switch
        {
            "Tag" => Valid with { Tag = "Not A Tag" },
            "Suite" => Valid with { Suite = "Bookworm!" },
            "Mirror" => Valid with { Mirror = "ftp://mirror/debian" },
            "WorkDirectory" => Valid with { WorkDirectory = "relative/dir" },
            "ExtraPackages" => Valid with { ExtraPackages = ["git; rm -rf /"] },
            "RegistryTimeout" => Valid with { RegistryTimeout = TimeSpan.Zero },
            "PackageCacheDirectory" => Valid with { PackageCacheDirectory = "debs" },
            _ => throw new ArgumentOutOfRangeException(nameof(property)),
        };
        var problem = Assert.Single(OptionsValidator.Problems(options));
        Assert.StartsWith($"PythonBaseImageOptions.{property} ", problem);
        Assert.Contains("expected", problem);
    }

    [Fact]
    public void Validate_throws_one_line_naming_the_first_problem_and_the_count()
    {
        var e = Assert.Throws<OptionsValidationException>(() =>
            OptionsValidator.Validate(Valid with { Suite = "", WorkDirectory = "" }));
        Assert.DoesNotContain("\n", e.Message);
        Assert.Contains("Suite ''", e.Message);
        Assert.Contains("and 1 more", e.Message);
    }

    [Fact]
    public async Task Builder_rejects_invalid_options_with_the_options_message()
    {
        await using var engine = await (await PodmanService.GetAsync()).ConnectAsync();
        var e = await Assert.ThrowsAsync<BaseImageException>(() =>
            new PythonBaseImageBuilder(engine).EnsureAsync(Valid with { WorkDirectory = "" }, CancellationToken.None));
        Assert.StartsWith("Invalid base image options: PythonBaseImageOptions.WorkDirectory '': expected ", e.Message);
    }
}
