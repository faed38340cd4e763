namespace Pipeline.Packaging.Tests;

public sealed class PackageIndexesTests
{
    [Theory]
    [InlineData("torch", true)]
    [InlineData("TorchVision", true)]
    [InlineData("torch_audio", false)]
    [InlineData("torchaudio", true)]
    [InlineData("pytorch", false)]
    public void The_torch_package_set_is_matched_by_normalised_name(string name, bool torch) =>
        Assert.Equal(torch, PackageIndexes.IsTorchPackage(name));

    [Fact]
    public void Index_urls_compare_without_trailing_slash_or_case() =>
        Assert.True(PackageIndexes.SameIndex("https://Download.PyTorch.org/whl/cpu/", PackageIndexes.PytorchCpu));
}
