using Pipeline.Verify.Checks;
using Pipeline.Verify.Checks.BuiltIn;
using Pipeline.Verify.Engine;

namespace Pipeline.Verify.Tests.Unit;

public class PlanAndModelTests
{
    private static VerifyOptions Options(params string[] services) => new()
    {
        Targets = [new VerifyTarget("api", "api:latest"), new VerifyTarget("worker", "worker:latest")],
        RootDirectory = "/tmp",
        Services = services,
    };

    [Fact]
    public void Selects_all_targets_or_the_requested_subset()
    {
        Assert.Equal(2, VerifyPlan.SelectTargets(Options()).Count);
        Assert.Equal(["worker"], VerifyPlan.SelectTargets(Options("worker")).Select(t => t.Service));
    }

    [Fact]
    public void An_unknown_service_lists_the_known_ones()
    {
        var error = Assert.Throws<VerifyConfigurationException>(() => VerifyPlan.SelectTargets(Options("wrker")));
        Assert.Equal("Verify: unknown service(s) 'wrker'; the stack's services are: api, worker", error.Message);
    }

    [Fact]
    public void Bad_numbers_are_rejected()
    {
        Assert.Throws<VerifyConfigurationException>(() => VerifyPlan.SelectTargets(Options() with { MaxParallelism = 0 }));
        Assert.Throws<VerifyConfigurationException>(() => VerifyPlan.SelectTargets(Options() with { CommandTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void Built_in_checks_are_all_there_and_names_are_unique()
    {
        var checks = CheckSet.BuiltIn();

        Assert.Equal(
            [NoCudaPackagesCheck.CheckName, TorchCpuCheck.CheckName, ImageSizeCheck.CheckName, PipSettingsCheck.CheckName, NonRootUserCheck.CheckName],
            checks.Select(c => c.Name));
        Assert.Throws<VerifyConfigurationException>(() => checks.Add(new CommandCheck(ImageSizeCheck.CheckName, "true")));
        Assert.True(checks.Remove(TorchCpuCheck.CheckName));
        Assert.Equal(4, checks.Count);
    }

    [Fact]
    public void Checks_apply_by_service_and_by_expectation()
    {
        var api = new VerifyTarget("api", "api:latest");
        Assert.True(new CommandCheck("x", "true").AppliesTo(api));
        Assert.False(new CommandCheck("x", "true") { Services = ["worker"] }.AppliesTo(api));
        Assert.False(new PipSettingsCheck().AppliesTo(api));
        Assert.True(new PipSettingsCheck().AppliesTo(api with { Pip = new PipExpectation() }));
        Assert.False(new NonRootUserCheck().AppliesTo(api));
        Assert.True(new NonRootUserCheck().AppliesTo(api with { ExpectedUser = "1000:1000" }));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("root", true)]
    [InlineData("0:0", true)]
    [InlineData("1000", false)]
    [InlineData("app:app", false)]
    public void Root_user_detection(string user, bool root) =>
        Assert.Equal(root, new ImageFacts("i", "id", 1, 1, new Dictionary<string, string>(), user, new Dictionary<string, string>()).RunsAsRoot);

    [Fact]
    public void Environment_entries_split_at_the_first_equals_sign()
    {
        var env = ImageFacts.ParseEnvironment(["PATH=/usr/bin", "PIP_INDEX_URL=http://h/simple?a=b", "EMPTY=", "FLAG"]);

        Assert.Equal("http://h/simple?a=b", env["PIP_INDEX_URL"]);
        Assert.Equal("", env["EMPTY"]);
        Assert.Equal("", env["FLAG"]);
    }
}
