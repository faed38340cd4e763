using CliWrap;
using CliWrap.Buffered;
using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Rootfs;

/// <summary>Asks the bootstrapped interpreter for its version (<c>chroot ROOTFS python3 --version</c>).</summary>
internal static class ChrootPython
{
    /// <summary>The Python version inside <paramref name="rootfs"/>, e.g. <c>3.11.2</c>.</summary>
    public static async Task<string> VersionAsync(string rootfs, CancellationToken ct)
    {
        var result = await Cli.Wrap("chroot").WithArguments([rootfs, "/usr/bin/python3", "--version"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(ct);
        var output = result.StandardOutput + result.StandardError;
        return PythonVersionParser.Parse(output)
            ?? throw new BaseImageException($"'chroot {rootfs} python3 --version' printed '{output.Trim()}' (exit {result.ExitCode}); expected 'Python 3.x.y'");
    }
}
