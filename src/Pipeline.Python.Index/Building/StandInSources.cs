using Pipeline.Python.Index.Catalog;

namespace Pipeline.Python.Index.Building;

/// <summary>
/// The Python source files inside a stand-in wheel. Every module says loudly that it is a stand-in, so
/// nobody mistakes a test wheelhouse for real packages; torch-like builds also answer the two questions
/// stacks ask of torch (<c>torch.version.cuda</c>, <c>torch.cuda.is_available()</c>) the way their build would.
/// </summary>
internal static class StandInSources
{
    /// <summary>The marker every stand-in module contains and prints on import with <c>PIPELINE_STANDIN_VERBOSE=1</c>.</summary>
    public const string Marker = "STAND-IN built by Pipeline";

    /// <summary>Source files (wheel-relative path, text) for <paramref name="entry"/>, in a fixed order.</summary>
    public static IReadOnlyList<(string Path, string Text)> For(CatalogueEntry entry)
    {
        var files = new List<(string, string)> { ($"{entry.Module}/__init__.py", InitModule(entry)) };
        if (entry.TorchCuda is not null)
        {
            files.Add(($"{entry.Module}/version.py", VersionModule(entry)));
            files.Add(($"{entry.Module}/cuda/__init__.py", CudaModule(entry)));
        }
        return files;
    }

    private static string CudaLiteral(CatalogueEntry entry) =>
        entry.TorchCuda is null or "cpu" ? "None" : $"\"{entry.TorchCuda}\"";

    private static string InitModule(CatalogueEntry entry)
    {
        var torchImports = entry.TorchCuda is null ? "" : "from . import version, cuda  # noqa: E402,F401\n";
        return $$"""
            # {{Marker}}: this is NOT the real '{{entry.Name}}'. It only has the real package's name, version,
            # dependencies and (scaled) download size, so installs can be tested without PyPI.
            '''{{Marker}}: stand-in for {{entry.Name}} {{entry.FullVersion}} (no real code inside).'''
            import os as _os

            STANDIN = True
            STANDIN_MARKER = "{{Marker}}"
            __version__ = "{{entry.FullVersion}}"

            if _os.environ.get("PIPELINE_STANDIN_VERBOSE") == "1":
                print(f"{STANDIN_MARKER}: {{entry.Name}} {__version__}")
            {{torchImports}}
            """.Replace("\r\n", "\n");
    }

    private static string VersionModule(CatalogueEntry entry) => $$"""
        # {{Marker}}: build information of the stand-in {{entry.Name}} {{entry.FullVersion}}.
        __version__ = "{{entry.FullVersion}}"
        cuda = {{CudaLiteral(entry)}}
        debug = False
        """.Replace("\r\n", "\n") + "\n";

    private static string CudaModule(CatalogueEntry entry)
    {
        var body = entry.TorchCuda is null or "cpu"
            ? "    return False\n"
            : """
                  # A CUDA build reports CUDA when its CUDA runtime wheel was installed alongside it:
                  # that is the property the stand-in exists to show (no GPU is ever used).
                  import importlib.util
                  return importlib.util.find_spec("nvidia.cuda_runtime") is not None

              """.Replace("\r\n", "\n");
        return $$"""
            # {{Marker}}: torch.cuda of the stand-in {{entry.Name}} {{entry.FullVersion}}.


            def is_available():
                '''True only for a CUDA build whose nvidia-cuda-runtime stand-in is installed.'''
            {{body}}

            def device_count():
                return 1 if is_available() else 0

            """.Replace("\r\n", "\n");
    }
}
