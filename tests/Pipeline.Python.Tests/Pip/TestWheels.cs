using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Python.Tests.Pip;

/// <summary>Builds tiny but real wheels (METADATA, WHEEL, RECORD) and PEP 503 index folders pip can read over file://.</summary>
internal static class TestWheels
{
    /// <summary>Writes <c>{name}-{version}-py3-none-any.whl</c> into <paramref name="directory"/>; returns its path.</summary>
    public static string Build(string directory, string name, string version, params string[] requiresDist)
    {
        Directory.CreateDirectory(directory);
        var dist = name.Replace('-', '_');
        var path = Path.Combine(directory, $"{dist}-{version}-py3-none-any.whl");
        var info = $"{dist}-{version}.dist-info";
        var metadata = new StringBuilder($"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n");
        foreach (var r in requiresDist)
            metadata.Append("Requires-Dist: ").Append(r).Append('\n');
        var files = new Dictionary<string, string>
        {
            [$"{dist}/__init__.py"] = "",
            [$"{info}/METADATA"] = metadata.ToString(),
            [$"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: pipeline-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        files[$"{info}/RECORD"] = string.Concat(files.Keys.Select(f => $"{f},,\n")) + $"{info}/RECORD,,\n";
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (entry, content) in files)
            {
                using var w = new StreamWriter(zip.CreateEntry(entry).Open());
                w.Write(content);
            }
        }
        return path;
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>
    /// Builds a PEP 503 "simple" index under <paramref name="root"/> (one folder per project with index.html
    /// linking its wheels with #sha256) and returns its file:// URL.
    /// </summary>
    public static string SimpleIndex(string root, params (string Name, string Version, string[] Requires)[] wheels)
    {
        foreach (var group in wheels.GroupBy(w => w.Name))
        {
            var dir = Path.Combine(root, group.Key);
            var links = new StringBuilder("<!DOCTYPE html><html><body>\n");
            foreach (var (name, version, requires) in group)
            {
                var wheel = Build(dir, name, version, requires);
                var file = Path.GetFileName(wheel);
                links.Append($"<a href=\"{Uri.EscapeDataString(file)}#sha256={Sha256(wheel)}\">{file}</a><br/>\n");
            }
            File.WriteAllText(Path.Combine(dir, "index.html"), links.Append("</body></html>\n").ToString());
        }
        return new Uri(root + "/").AbsoluteUri.TrimEnd('/');
    }
}
