using Pipeline.Containers.Context;

namespace Pipeline.Containers.Building;

/// <summary>A planned build with its packed context, ready to send.</summary>
/// <param name="Plan">The planned build.</param>
/// <param name="Context">The packed context (owned: disposed with this); its Dockerfile carries the image's labels.</param>
/// <param name="BuildArgs">Build args with values (args without a value resolved from the environment or dropped).</param>
/// <param name="InputsDigest">The digest of the build's inputs, also the image's <see cref="ImageLabels.InputsLabel"/>.</param>
internal sealed record PreparedBuild(
    PlannedBuild Plan, PackedContext Context, IDictionary<string, string> BuildArgs, string InputsDigest) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Context.Dispose();
}
