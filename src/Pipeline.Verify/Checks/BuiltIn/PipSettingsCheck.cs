using System.Globalization;

namespace Pipeline.Verify.Checks.BuiltIn;

/// <summary>
/// When ConfigurePip configured the stage, its timeout and retries must be in the image's environment
/// (<c>PIP_DEFAULT_TIMEOUT</c> or <c>PIP_TIMEOUT</c>, and <c>PIP_RETRIES</c>) with the expected values.
/// Inspect only: no container.
/// </summary>
internal sealed class PipSettingsCheck() : ImageCheck(CheckName)
{
    /// <summary>The check's name.</summary>
    public const string CheckName = "pip-settings";

    /// <inheritdoc />
    public override bool AppliesTo(VerifyTarget target) => target.Pip is not null && base.AppliesTo(target);

    /// <inheritdoc />
    public override Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var expected = context.Target.Pip ?? new PipExpectation();
        var env = context.Image.Environment;
        var problems = new List<string>();
        var found = new List<string>();

        var timeoutName = env.ContainsKey("PIP_DEFAULT_TIMEOUT") ? "PIP_DEFAULT_TIMEOUT" : "PIP_TIMEOUT";
        Compare(timeoutName, "PIP_DEFAULT_TIMEOUT or PIP_TIMEOUT", expected.TimeoutSeconds);
        Compare("PIP_RETRIES", "PIP_RETRIES", expected.Retries);

        return Task.FromResult(problems.Count > 0
            ? CheckOutcome.Fail(string.Join("; ", problems))
            : CheckOutcome.Pass(string.Join(", ", found)));

        void Compare(string name, string display, int? value)
        {
            if (!env.TryGetValue(name, out var actual))
            {
                problems.Add($"{display} is not set in the image's environment");
                return;
            }
            found.Add($"{name}={actual}");
            if (value is { } wanted && !(double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == wanted))
                problems.Add($"{name} is '{actual}', expected {wanted}");
        }
    }
}
