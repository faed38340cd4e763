namespace Pipeline.Verify;

/// <summary>
/// The pip settings ConfigurePip wrote into a stage. Both variables must be present in the image's
/// environment; a non-null value must also match (pip reads them at install time, so a missing one
/// means later <c>pip install</c> layers ran with pip's defaults of 15 s and 5 retries).
/// </summary>
/// <param name="TimeoutSeconds">Expected <c>PIP_DEFAULT_TIMEOUT</c> / <c>PIP_TIMEOUT</c>; null = any value.</param>
/// <param name="Retries">Expected <c>PIP_RETRIES</c>; null = any value.</param>
public sealed record PipExpectation(int? TimeoutSeconds = null, int? Retries = null);
