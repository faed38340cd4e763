using Pipeline.Verify.Checks;
using Pipeline.Verify.Reuse;

namespace Pipeline.Verify.Tests.Unit;

public class VerificationKeyTests
{
    private static readonly VerifyOptions Options = new() { Targets = [], RootDirectory = "/" };

    [Fact]
    public void The_key_follows_the_image_id_the_target_and_each_checks_definition()
    {
        var target = new VerifyTarget("api", "localhost/api:latest") { SizeBudgetBytes = 100 };
        IImageCheck[] checks = [new CommandCheck("a", "true"), new CommandCheck("b", "test -d /")];
        var key = VerificationKey.For("sha256:1", target, checks, Options);

        Assert.Equal(key, VerificationKey.For("sha256:1", target, checks.Reverse(), Options));
        var others = new[]
        {
            VerificationKey.For("sha256:2", target, checks, Options),
            VerificationKey.For("sha256:1", target with { SizeBudgetBytes = 200 }, checks, Options),
            VerificationKey.For("sha256:1", target, [new CommandCheck("a", "false"), checks[1]], Options),
            VerificationKey.For("sha256:1", target, [new CommandCheck("a", "true") { ExpectedExitCode = 1 }, checks[1]], Options),
            VerificationKey.For("sha256:1", target, [new CommandCheck("a", "true") { Services = ["api"] }, checks[1]], Options),
            VerificationKey.For("sha256:1", target, [checks[0]], Options),
            VerificationKey.For("sha256:1", target, checks, Options with { CommandTimeout = TimeSpan.FromSeconds(1) }),
        };
        Assert.Equal(others.Length + 1, others.Append(key).Distinct().Count());
    }

    [Fact]
    public void Two_lambdas_are_two_definitions()
    {
        var one = new DelegateCheck("x", (_, _) => Task.FromResult(CheckOutcome.Pass("1")));
        var two = new DelegateCheck("x", (_, _) => Task.FromResult(CheckOutcome.Pass("2")));
        Assert.NotEqual(VerificationKey.Definition(one), VerificationKey.Definition(two));
    }
}
