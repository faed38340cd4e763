using System.Runtime.CompilerServices;

// The tests list a run's containers the way the sweep does (with its retry for podman 4.3's listing race).
[assembly: InternalsVisibleTo("Pipeline.Verify.Tests")]

namespace Pipeline.Verify;
