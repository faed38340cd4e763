using System.ComponentModel.DataAnnotations;
using Pipeline.IO.Options;
using Pipeline.Python.Index.Faults;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Mirroring;

/// <summary>
/// Options of <see cref="MirrorRunner"/>: which wheelhouse to build and how to serve it. Defaults and valid ranges are
/// declared once, on the properties (checked by <see cref="OptionsValidator"/>).
/// </summary>
public sealed record MirrorOptions : IValidatableObject
{
    /// <summary>Folder of the wheelhouse (one sub-folder per index); built or brought up to date first.</summary>
    [Required(AllowEmptyStrings = false)]
    public required string WheelhouseDirectory { get; init; }

    /// <summary>A catalogue file to use instead of the shipped torch 2.5.1 one; null (default) uses the shipped one.</summary>
    public string? CataloguePath { get; init; }

    /// <summary>Wheel size = real size × this factor. Default 0.01.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double ScaleFactor { get; init; } = 0.01;

    /// <summary>Address to listen on. Default <c>127.0.0.1</c>.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Listen on <c>0.0.0.0</c> (for containers without host networking). Default false.</summary>
    public bool BindAllInterfaces { get; init; }

    /// <summary>TCP port. Default 3141 (a fixed port people can type); 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; init; } = DefaultPort;

    /// <summary>The default <see cref="Port"/>: devpi's, familiar for a local index, and fixed so rebuilds reuse cached layers.</summary>
    public const int DefaultPort = 3141;

    /// <summary>Per-connection bandwidth limit such as <c>600KB</c> or <c>1.5MB</c>; null or empty (default) for none.</summary>
    public string? Throttle { get; init; }

    /// <summary>Faults to inject (latency, cut-off or stalled downloads, 503 bursts). Default none.</summary>
    [ValidateMembers]
    public IndexFaults Faults { get; init; } = IndexFaults.None;

    /// <summary>Serve PEP 658 <c>.metadata</c> files. Default false (Debian's pip then downloads twice).</summary>
    public bool ServeCoreMetadata { get; init; }

    /// <summary>Access log file; null (default) keeps the log in memory only.</summary>
    public string? AccessLogPath { get; init; }

    /// <summary>Called once the server listens (e.g. to print its URLs); default none.</summary>
    public Action<PackageIndexServer>? OnStarted { get; init; }

    /// <summary>Where progress goes; default <see cref="Serilog.Log.Logger"/>.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Throttle)) yield break;
        string? problem = null;
        try
        {
            if (Throttling.ByteRate.Parse(Throttle) <= 0) problem = "expected a positive rate such as 600KB";
        }
        catch (Throttling.ByteRateFormatException e)
        {
            problem = e.Message;
        }
        if (problem is not null) yield return new ValidationResult($"'{Throttle}': {problem}", [nameof(Throttle)]);
    }
}
