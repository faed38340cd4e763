using System.Text;
using Pipeline.Containers.Engine;
using Pipeline.BaseImages;

namespace Pipeline.Testing;

/// <summary>
/// A stand-in of a micromamba image, built here on the stack's bootstrapped Python base (no registry is reachable):
/// the environment's Python lives under <c>/opt/conda/envs/app</c> (a real interpreter: a venv copy of the base's
/// Python), no Python is left on <c>PATH</c>, the entrypoint is an activation script, and <c>MAMBA_ROOT_PREFIX</c> /
/// <c>ENV_NAME</c> say where the environment is, as mambaorg/micromamba's images do.
/// </summary>
public static class MambaLikeImage
{
    /// <summary>Where the environment's interpreter is in the image.</summary>
    public const string Interpreter = "/opt/conda/envs/app/bin/python";

    /// <summary>
    /// Builds <paramref name="tag"/> with stand-in distributions (name → version: a dist-info each) and, when
    /// <paramref name="torchCuda"/> is given, an importable stand-in <c>torch</c> module whose <c>torch.version.cuda</c>
    /// is that value (<c>None</c> for a CPU build). Returns the base image it was built on.
    /// </summary>
    public static async Task<string> BuildAsync(
        EngineSession engine, string tag, IReadOnlyDictionary<string, string> distributions, string? torchCuda = null)
    {
        var baseImage = await new PythonBaseImageBuilder(engine).EnsureAsync(new PythonBaseImageOptions
        {
            WorkDirectory = PythonBaseImageOptions.DefaultWorkDirectory(RepoPaths.Root),
        }, CancellationToken.None);
        var files = new Dictionary<string, byte[]>
        {
            ["_entrypoint.sh"] = Encoding.UTF8.GetBytes("#!/bin/sh\nexport PATH=\"/opt/conda/envs/$ENV_NAME/bin:$PATH\"\nexec \"$@\"\n"),
            ["Dockerfile"] = Encoding.UTF8.GetBytes($"""
                FROM {baseImage.Tag}
                COPY site-packages /tmp/site-packages
                COPY _entrypoint.sh /usr/local/bin/_entrypoint.sh
                RUN chmod 755 /usr/local/bin/_entrypoint.sh \
                 && python3 -m venv --without-pip --copies /opt/conda/envs/app \
                 && cp -r /tmp/site-packages/. "$({Interpreter} -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/" \
                 && rm -rf /tmp/site-packages /usr/bin/python /usr/bin/python3 /usr/bin/python3.* /usr/local/bin/python*
                ENV MAMBA_ROOT_PREFIX=/opt/conda ENV_NAME=app
                ENTRYPOINT ["/usr/local/bin/_entrypoint.sh"]
                CMD ["python", "-m", "app"]

                """),
        };
        foreach (var (name, version) in distributions)
            files[$"site-packages/{name.Replace('-', '_')}-{version}.dist-info/METADATA"] =
                Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
        if (torchCuda is not null)
            files["site-packages/torch/__init__.py"] = Encoding.UTF8.GetBytes(
                $"class version:\n    cuda = {torchCuda}\nclass cuda:\n    @staticmethod\n    def is_available():\n        return False\n");
        await TestImageBuild.BuildAsync(engine.Client, tag, files);
        return baseImage.Tag;
    }
}
