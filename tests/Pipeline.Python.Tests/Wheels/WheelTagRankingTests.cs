using Pipeline.Packaging;
using Pipeline.Python.Wheels;

namespace Pipeline.Python.Tests.Wheels;

public class WheelTagRankingTests
{
    private static readonly WheelTagRanking Cp311 = new(TargetPlatform.LinuxX86_64("3.11"));

    [Theory]
    [InlineData("numpy-2.2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", true)]
    [InlineData("torch-2.8.0-cp311-cp311-manylinux_2_28_x86_64.whl", true)]
    [InlineData("torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl", true)]
    [InlineData("cryptography-44.0.0-cp39-abi3-manylinux_2_34_x86_64.whl", true)]
    [InlineData("six-1.16.0-py2.py3-none-any.whl", true)]
    [InlineData("numpy-2.2.0-cp312-cp312-manylinux_2_17_x86_64.whl", false)]
    [InlineData("numpy-2.2.0-cp311-cp311-manylinux_2_17_aarch64.whl", false)]
    [InlineData("numpy-2.2.0-cp311-cp311-musllinux_1_2_x86_64.whl", false)]
    [InlineData("numpy-2.2.0-cp311-cp311-win_amd64.whl", false)]
    [InlineData("numpy-2.2.0-cp311-cp311-macosx_14_0_arm64.whl", false)]
    [InlineData("foo-1.0-cp311-cp311-manylinux_2_39_x86_64.whl", false)] // needs a newer glibc than 2.36
    public void Accepts_only_wheels_the_target_can_install(string file, bool compatible)
    {
        Assert.Equal(compatible, Cp311.Rank(WheelFileName.TryParse(file)!) is not null);
    }

    [Fact]
    public void Prefers_specific_abi_then_newest_manylinux_then_abi3_then_pure()
    {
        int Rank(string f) => Cp311.Rank(WheelFileName.TryParse(f)!)!.Value;

        Assert.True(Rank("a-1-cp311-cp311-manylinux_2_28_x86_64.whl") < Rank("a-1-cp311-cp311-manylinux_2_17_x86_64.whl"));
        Assert.True(Rank("a-1-cp311-cp311-manylinux_2_17_x86_64.whl") < Rank("a-1-cp311-cp311-linux_x86_64.whl"));
        Assert.True(Rank("a-1-cp311-cp311-linux_x86_64.whl") < Rank("a-1-cp39-abi3-manylinux_2_28_x86_64.whl"));
        Assert.True(Rank("a-1-cp39-abi3-manylinux_2_17_x86_64.whl") < Rank("a-1-py3-none-any.whl"));
        Assert.Equal(Rank("a-1-cp311-cp311-manylinux2014_x86_64.whl"), Rank("a-1-cp311-cp311-manylinux_2_17_x86_64.whl") + 1);
    }
}
