using System.IO.Compression;
using System.Text;

namespace Pipeline.Dockerfiles.Tests.ConfigurePip;

/// <summary>
/// A PEP 503 "simple" index on disk (served to pip as a <c>file://</c> URL) holding tiny pure-Python
/// wheels, so real pip can resolve and install without any network.
/// </summary>
internal sealed class LocalPackageIndex
{
    private readonly string _root;

    public LocalPackageIndex(string root)
    {
        _root = root;
        Directory.CreateDirectory(Path.Combine(root, "simple"));
    }

    public string Url => new Uri(Path.Combine(_root, "simple") + "/").AbsoluteUri;

    /// <summary>Adds a wheel <c>{name}-{version}-py3-none-any.whl</c> that depends on <paramref name="requires"/>.</summary>
    public LocalPackageIndex Add(string name, string version, params string[] requires)
    {
        var module = name.Replace('-', '_');
        var distInfo = $"{module}-{version}.dist-info";
        var fileName = $"{module}-{version}-py3-none-any.whl";
        var files = new Dictionary<string, string>
        {
            [$"{module}/__init__.py"] = $"__version__ = \"{version}\"\n",
            [$"{distInfo}/METADATA"] = $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + string.Concat(requires.Select(r => $"Requires-Dist: {r}\n")),
            [$"{distInfo}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: pipeline-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        var directory = Path.Combine(_root, "simple", name);
        Directory.CreateDirectory(directory);
        using (var zip = ZipFile.Open(Path.Combine(directory, fileName), ZipArchiveMode.Create))
        {
            foreach (var (path, content) in files)
                Write(zip, path, content);
            Write(zip, $"{distInfo}/RECORD", string.Concat(files.Keys.Select(k => $"{k},,\n")) + $"{distInfo}/RECORD,,\n");
        }
        var links = Directory.GetFiles(directory, "*.whl").Select(f => Path.GetFileName(f)).Select(f => $"<a href=\"{Uri.EscapeDataString(f)}\">{f}</a><br>\n");
        File.WriteAllText(Path.Combine(directory, "index.html"), "<!DOCTYPE html><html><body>\n" + string.Concat(links) + "</body></html>\n");
        return this;
    }

    private static void Write(ZipArchive zip, string path, string content)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
