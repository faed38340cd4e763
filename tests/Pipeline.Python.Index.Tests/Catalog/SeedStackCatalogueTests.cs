using System.Text.RegularExpressions;
using Pipeline.Packaging;
using Pipeline.Python.Index.Catalog;
using Pipeline.Python.Markers;
using Pipeline.Testing;

namespace Pipeline.Python.Index.Tests.Catalog;

/// <summary>
/// The seed-stack catalogue on its own: every Requires-Dist line is valid PEP 508, and every dependency that applies
/// on Linux x86-64 CPython 3.11-3.13 (with the extras something asks for) has a version in the catalogue that meets it.
/// </summary>
public sealed class SeedStackCatalogueTests
{
    public const string Name = "seed-stack-linux-x86_64";

    /// <summary>The extras the seed services' requirements files ask for at top level.</summary>
    private static readonly (string Project, string Extra)[] TopLevelExtras =
        [("uvicorn", "standard"), ("psycopg", "binary"), ("psycopg", "pool"), ("redis", "hiredis")];

    private static readonly string[] PythonVersions = ["3.11", "3.12", "3.13"];

    private readonly Catalogue _catalogue = Catalogue.LoadEmbedded(Name);

    [Fact]
    public void Seed_catalogue_is_embedded_and_each_name_version_and_local_label_appears_once()
    {
        Assert.Contains(Name, Catalogue.EmbeddedNames());
        Assert.True(_catalogue.Entries.Count >= 150, $"expected the whole seed stack (about 190 distributions), got {_catalogue.Entries.Count}");
        var duplicates = _catalogue.Entries.GroupBy(e => (ProjectName.Normalize(e.Name), e.Version, e.Local)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_requires_dist_line_parses_as_a_requirement_with_a_valid_marker()
    {
        foreach (var entry in _catalogue.Entries)
        {
            foreach (var line in entry.RequiresDist)
            {
                var requirement = Requirement(entry, line);
                if (requirement.Marker is not null)
                {
                    var ex = Record.Exception(() => MarkerParser.Parse(requirement.Marker));
                    Assert.True(ex is null, $"{entry.Name} {entry.FullVersion}: marker of '{line}': {ex?.Message}");
                }
            }
        }
    }

    [Fact]
    public void Every_dependency_that_applies_on_linux_x86_64_cpython_3_11_to_3_13_has_a_version_that_meets_it()
    {
        var extras = RequestedExtras();
        var problems = new List<string>();
        foreach (var python in PythonVersions)
        {
            var supported = _catalogue.Entries.Where(e => AllowsPython(e, python)).ToList();
            foreach (var entry in supported)
            {
                var environment = MarkerEnvironment.For(new TargetPlatform { PythonVersion = python },
                    extras.TryGetValue(ProjectName.Normalize(entry.Name), out var asked) ? asked : []);
                foreach (var line in entry.RequiresDist)
                {
                    var requirement = Requirement(entry, line);
                    if (requirement.Marker is not null && !MarkerParser.Parse(requirement.Marker).Evaluate(environment))
                        continue;
                    if (!supported.Any(candidate => ProjectName.Normalize(candidate.Name) == requirement.Project && Meets(candidate.FullVersion, requirement.Specifier)))
                        problems.Add($"Python {python}: {entry.Name} {entry.FullVersion} requires '{line}', which no entry meets");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public void The_torch_family_and_the_cuda_set_are_the_same_as_in_the_torch_catalogue()
    {
        var torch = Catalogue.LoadEmbedded();
        string[] family = ["torch", "torchvision", "torchaudio", "triton", "filelock", "typing-extensions", "sympy", "mpmath",
            "networkx", "jinja2", "markupsafe", "fsspec", "setuptools", "numpy", "pillow"];
        var expected = torch.Entries.Where(e => family.Contains(e.Name) || e.Name.StartsWith("nvidia-", StringComparison.Ordinal)).ToList();
        Assert.True(expected.Count >= 30, $"the torch catalogue should have the family and the nvidia set, got {expected.Count}");
        foreach (var entry in expected)
        {
            var same = _catalogue.Entries.SingleOrDefault(e => e.Name == entry.Name && e.FullVersion == entry.FullVersion);
            Assert.True(same is not null, $"{entry.Name} {entry.FullVersion} is missing");
            Assert.Equal(entry with { Line = 0 }, same with { Line = 0 }, CatalogueEntryComparer.Instance);
        }
    }

    [Fact]
    public void Each_pinned_pydantic_brings_the_pydantic_core_it_pins()
    {
        foreach (var pydantic in _catalogue.Entries.Where(e => e.Name == "pydantic"))
        {
            var pin = pydantic.RequiresDist.Single(r => r.StartsWith("pydantic-core==", StringComparison.Ordinal))["pydantic-core==".Length..];
            Assert.Contains(_catalogue.Entries, e => e.Name == "pydantic-core" && e.Version == pin);
        }
        string[] seedPins = ["2.12.5", "2.10.5", "2.10.0"];
        Assert.All(seedPins, v => Assert.Contains(_catalogue.Entries, e => e.Name == "pydantic" && e.Version == v));
        Assert.Equal(3, _catalogue.Entries.Where(e => e.Name == "pydantic-core").Select(e => e.Version).Distinct().Count());
    }

    [Fact]
    public void The_cpu_index_serves_only_the_cpu_builds_and_torchs_own_dependencies()
    {
        var onCpu = _catalogue.EntriesFor("cpu").Select(e => e.Name).ToHashSet();
        Assert.Equal(["filelock", "fsspec", "jinja2", "markupsafe", "mpmath", "networkx", "numpy", "pillow", "setuptools", "sympy",
            "torch", "torchaudio", "torchvision", "typing-extensions"], onCpu.Order());
        Assert.All(_catalogue.EntriesFor("cpu").Where(e => e.Name.StartsWith("torch", StringComparison.Ordinal)), e => Assert.Equal("cpu", e.Local));
    }

    [FixtureFact]
    public void Sizes_taken_from_a_lock_match_a_real_wheel_of_that_version_in_that_lock()
    {
        var fromLocks = _catalogue.Entries.Where(e => !e.SizeIsEstimated).ToList();
        Assert.True(fromLocks.Count >= 50, $"the locks hold many seed packages at the same version, got {fromLocks.Count}");
        foreach (var entry in fromLocks)
        {
            var lockText = File.ReadAllText(RepoPaths.Fixture("locks", entry.SizeSource));
            var wheel = $"/{Regex.Escape(entry.Name.Replace('-', '_'))}-{Regex.Escape(entry.Version)}-[^\"]*\\.whl\", hash = \"[^\"]+\", size = {entry.Size},";
            Assert.True(Regex.IsMatch(lockText, wheel, RegexOptions.IgnoreCase), $"{entry.Name} {entry.Version}: no wheel of {entry.Size} bytes in {entry.SizeSource}");
        }
    }

    /// <summary>Extras asked for anywhere: by the seed requirements files and by any catalogue entry's Requires-Dist.</summary>
    private Dictionary<string, HashSet<string>> RequestedExtras()
    {
        var extras = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(string project, string extra)
        {
            if (!extras.TryGetValue(project, out var set))
                extras[project] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(extra);
        }
        foreach (var (project, extra) in TopLevelExtras)
            Add(project, extra);
        foreach (var entry in _catalogue.Entries)
            foreach (var line in entry.RequiresDist)
            {
                var requirement = Requirement(entry, line);
                if (requirement.Marker is null || !requirement.Marker.Contains("extra", StringComparison.Ordinal))
                    foreach (var extra in requirement.Extras)
                        Add(requirement.Project, extra);
            }
        return extras;
    }

    private static RequirementLine Requirement(CatalogueEntry entry, string line)
    {
        var file = RequirementsParser.Parse(line, $"{entry.Name} {entry.FullVersion} (catalogue line {entry.Line})", RequirementsMode.Strict);
        return Assert.Single(file.Requirements);
    }

    private static bool AllowsPython(CatalogueEntry entry, string python) =>
        entry.RequiresPython is null || Meets(python + ".0", entry.RequiresPython);

    /// <summary>True when <paramref name="version"/> meets every clause of a PEP 440 specifier such as <c>&lt;3,&gt;=1.26.14</c>.</summary>
    private static bool Meets(string version, string specifier) =>
        specifier.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(clause =>
        {
            var m = Regex.Match(clause, @"^(~=|===|==|!=|<=|>=|<|>)\s*(.+)$");
            Assert.True(m.Success, $"'{clause}' is not a version clause");
            Assert.True(VersionComparison.TryCompare(version, m.Groups[1].Value, m.Groups[2].Value, out var ok), $"cannot compare {version} with '{clause}'");
            return ok;
        });

    /// <summary>Compares entries by value, lists included (records compare lists by reference).</summary>
    private sealed class CatalogueEntryComparer : IEqualityComparer<CatalogueEntry?>
    {
        public static readonly CatalogueEntryComparer Instance = new();

        private static readonly string[] None = [];

        public bool Equals(CatalogueEntry? x, CatalogueEntry? y) =>
            x is not null && y is not null
            && x with { Indexes = None, RequiresDist = None } == y with { Indexes = None, RequiresDist = None }
            && x.Indexes.SequenceEqual(y.Indexes) && x.RequiresDist.SequenceEqual(y.RequiresDist);

        public int GetHashCode(CatalogueEntry? obj) => obj?.Name.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
