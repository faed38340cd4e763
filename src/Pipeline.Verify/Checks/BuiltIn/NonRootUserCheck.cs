namespace Pipeline.Verify.Checks.BuiltIn;

/// <summary>
/// Report only: when the compose service sets <c>user:</c>, warns if the image itself still runs as
/// root by default (files created at build time may then not be writable by the service's user, and
/// running the image outside compose runs it as root). Inspect only: no container.
/// </summary>
internal sealed class NonRootUserCheck() : ImageCheck(CheckName)
{
    /// <summary>The check's name.</summary>
    public const string CheckName = "non-root-user";

    /// <inheritdoc />
    public override bool AppliesTo(VerifyTarget target) => !string.IsNullOrWhiteSpace(target.ExpectedUser) && base.AppliesTo(target);

    /// <inheritdoc />
    public override Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var composeUser = context.Target.ExpectedUser;
        return Task.FromResult(context.Image.RunsAsRoot
            ? CheckOutcome.Warn($"image runs as root by default ({Describe(context.Image.User)}); compose sets user: {composeUser}")
            : CheckOutcome.Pass($"image runs as {Describe(context.Image.User)}; compose sets user: {composeUser}"));
    }

    private static string Describe(string user) => user.Length == 0 ? "no USER" : $"USER {user}";
}
