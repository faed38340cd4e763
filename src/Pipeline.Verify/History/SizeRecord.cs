namespace Pipeline.Verify.History;

/// <summary>One verified image as remembered in the size history.</summary>
/// <param name="ImageId">The image ID that was verified.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="VerifiedAt">When it was verified (UTC).</param>
internal sealed record SizeRecord(string ImageId, long SizeBytes, DateTimeOffset VerifiedAt);
