using Pipeline.Dockerfiles.Shell;

namespace Pipeline.Dockerfiles.Pip;

/// <summary>One option of a <c>pip install</c> command line.</summary>
/// <param name="Name">The canonical long name, e.g. <c>--requirement</c> for <c>-r</c>.</param>
/// <param name="Value">The option's value, or null for a switch.</param>
/// <param name="Words">The shell words the option occupies (one for <c>--x=v</c>/<c>-rfile</c>, two for <c>-r file</c>).</param>
internal sealed record PipOption(string Name, string? Value, IReadOnlyList<ShellWord> Words);
