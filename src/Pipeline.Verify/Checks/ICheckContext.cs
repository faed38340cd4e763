using Pipeline.Verify.Engine;

namespace Pipeline.Verify.Checks;

/// <summary>What a check can see and do for the image it verifies.</summary>
public interface ICheckContext
{
    /// <summary>The image under test, with the service's expectations.</summary>
    VerifyTarget Target { get; }

    /// <summary>What the engine reports about the image (size, layers, labels, user, environment).</summary>
    ImageFacts Image { get; }

    /// <summary>Size in bytes of the previously verified image with the same reference, when known.</summary>
    long? PreviousSizeBytes { get; }

    /// <summary>The per-check command timeout from the options.</summary>
    TimeSpan CommandTimeout { get; }

    /// <summary>
    /// Runs a shell command in this image's probe container (created on first use with the entrypoint
    /// overridden, so any image with a shell can be probed). A timeout does not throw: it comes back as
    /// <see cref="CommandOutput.TimedOut"/>.
    /// </summary>
    /// <param name="shellCommand">Passed to the probe shell (<c>/bin/sh -c</c> by default).</param>
    /// <param name="ct">Cancels the run (Ctrl+C); the probe container is still removed.</param>
    /// <param name="timeout">Overrides <see cref="CommandTimeout"/> for this command.</param>
    Task<CommandOutput> RunAsync(string shellCommand, CancellationToken ct, TimeSpan? timeout = null);
}
