using Pipeline.Python.Index.Building;
using Pipeline.Python.Index.Catalog;

namespace Pipeline.Python.Index.Tests.Building;

/// <summary>The METADATA text pip resolves on.</summary>
public sealed class WheelMetadataTests
{
    private static CatalogueEntry Entry(params string[] requiresDist) => CatalogueParser.Parse($$"""
        {
          "name": "extras",
          "indexes": { "pypi": "" },
          "packages": [
            { "name": "uvicorn", "version": "0.38.0", "indexes": ["pypi"], "size": 68101, "size_source": "estimated",
              "requires_dist": [{{string.Join(", ", requiresDist.Select(r => System.Text.Json.JsonSerializer.Serialize(r)))}}] }
          ]
        }
        """, "extras.json").Entries.Single();

    [Fact]
    public void Metadata_declares_each_extra_its_requires_dist_markers_name_once_in_first_use_order()
    {
        var metadata = WheelMetadata.Metadata(Entry(
            "click>=7.0",
            "colorama>=0.4; sys_platform == \"win32\" and extra == \"standard\"",
            "uvloop>=0.15.1; (sys_platform != \"win32\") and extra == 'standard'",
            "h2<5,>=3; extra == \"http2\""));

        var provides = metadata.Split('\n').Where(l => l.StartsWith("Provides-Extra: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Provides-Extra: standard", "Provides-Extra: http2"], provides);
        Assert.Contains("Requires-Dist: uvloop>=0.15.1; (sys_platform != \"win32\") and extra == 'standard'\n", metadata, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_without_extra_markers_declares_no_extra()
    {
        var metadata = WheelMetadata.Metadata(Entry("click>=7.0", "typing-extensions>=4.0; python_version < \"3.11\""));

        Assert.DoesNotContain("Provides-Extra", metadata, StringComparison.Ordinal);
        Assert.Contains("Requires-Dist: typing-extensions>=4.0; python_version < \"3.11\"\n", metadata, StringComparison.Ordinal);
    }
}
