using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Host;

/// <summary>
/// Finds the Debian mirror this machine already uses, so the bootstrap goes to the same (reachable,
/// possibly local or pinned) mirror as <c>apt-get</c>. Reading is here; parsing is in <see cref="AptSourcesParser"/>.
/// </summary>
internal static class AptMirrorDetector
{
    /// <summary>
    /// The mirror named in <paramref name="aptDirectory"/> (<c>sources.list</c>, then <c>sources.list.d/*.list</c>
    /// and <c>*.sources</c> in name order, as apt reads them) for <paramref name="suite"/>;
    /// <see cref="AptSourcesParser.FallbackMirror"/> when none qualifies.
    /// </summary>
    public static async Task<string> DetectAsync(string suite, CancellationToken ct, string aptDirectory = "/etc/apt")
    {
        var files = new List<(string Text, bool Deb822)>();
        var main = Path.Combine(aptDirectory, "sources.list");
        if (File.Exists(main)) files.Add((await File.ReadAllTextAsync(main, ct), false));
        var parts = Path.Combine(aptDirectory, "sources.list.d");
        if (Directory.Exists(parts))
        {
            foreach (var file in Directory.EnumerateFiles(parts).Order(StringComparer.Ordinal))
            {
                // Only the two suffixes apt itself reads: "x.list.disabled" and the like are ignored.
                if (file.EndsWith(".list", StringComparison.Ordinal)) files.Add((await File.ReadAllTextAsync(file, ct), false));
                else if (file.EndsWith(".sources", StringComparison.Ordinal)) files.Add((await File.ReadAllTextAsync(file, ct), true));
            }
        }
        return AptSourcesParser.FindMirror(files, suite) ?? AptSourcesParser.FallbackMirror;
    }
}
