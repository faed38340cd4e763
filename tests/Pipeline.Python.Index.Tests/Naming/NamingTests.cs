using Pipeline.Python.Index.Naming;

namespace Pipeline.Python.Index.Tests.Naming;

public sealed class NamingTests
{
    [Theory]
    [InlineData("Sentence_Transformers", "sentence-transformers")]
    [InlineData("zope.interface", "zope-interface")]
    [InlineData("Foo.._-Bar", "foo-bar")]
    [InlineData("torch", "torch")]
    public void Project_names_are_normalised_per_pep503(string name, string expected) =>
        Assert.Equal(expected, ProjectName.Normalize(name));

    [Theory]
    [InlineData("nvidia-cudnn-cu12", true)]
    [InlineData("-leading", false)]
    [InlineData("has space", false)]
    public void Invalid_distribution_names_are_recognised(string name, bool valid) =>
        Assert.Equal(valid, ProjectName.IsValid(name));

    [Fact]
    public void Wheel_file_names_round_trip_with_local_versions()
    {
        var name = WheelFileName.For("Nvidia-CuDNN-cu12", "2.5.1+cpu", "py3-none-linux_x86_64");
        Assert.Equal("nvidia_cudnn_cu12-2.5.1+cpu-py3-none-linux_x86_64.whl", name.FileName);

        var parsed = WheelFileName.TryParse(name.FileName);
        Assert.NotNull(parsed);
        Assert.Equal("nvidia-cudnn-cu12", parsed.Project);
        Assert.Equal("2.5.1+cpu", parsed.Version);
        Assert.Equal("py3-none-linux_x86_64", parsed.Tag);
    }

    [Theory]
    [InlineData("torch-2.5.1.tar.gz")]
    [InlineData("torch-2.5.1-py3.whl")]
    [InlineData("notes.txt")]
    public void Non_wheel_files_are_not_parsed(string fileName) => Assert.Null(WheelFileName.TryParse(fileName));
}
