using Pipeline.IO;

namespace Pipeline.Verify.Checks.BuiltIn;

/// <summary>
/// Compares the image size with the service's budget and with the previously verified image of the
/// same reference (the growth fails only when the service sets a growth budget). Inspect only: no container.
/// </summary>
internal sealed class ImageSizeCheck() : ImageCheck(CheckName)
{
    /// <summary>The check's name.</summary>
    public const string CheckName = "image-size";

    /// <inheritdoc />
    public override Task<CheckOutcome> RunAsync(ICheckContext context, CancellationToken ct)
    {
        var size = context.Image.SizeBytes;
        var budget = context.Target.SizeBudgetBytes;
        long? delta = context.PreviousSizeBytes is { } previous ? size - previous : null;

        var parts = new List<string> { ByteSize.Format(size) };
        parts.Add(budget is { } b ? $"budget {ByteSize.Format(b)}" : "no budget");
        parts.Add(delta is { } d ? $"{ByteSize.FormatDelta(d)} since the last verified image" : "no previous size known");
        var summary = $"{parts[0]} ({string.Join(", ", parts.Skip(1))})";

        if (budget is { } limit && size > limit)
            return Task.FromResult(CheckOutcome.Fail($"over budget by {ByteSize.Format(size - limit)}: {summary}"));
        if (delta is { } growth && context.Target.MaxSizeGrowthBytes is { } maxGrowth && growth > maxGrowth)
            return Task.FromResult(CheckOutcome.Fail($"grew by more than {ByteSize.Format(maxGrowth)}: {summary}"));
        return Task.FromResult(CheckOutcome.Pass(summary));
    }
}
