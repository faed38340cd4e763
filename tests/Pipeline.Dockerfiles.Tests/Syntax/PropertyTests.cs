using CsCheck;
using Pipeline.Dockerfiles.ConfigurePip;
using Pipeline.Dockerfiles.ConfigurePip.Planning;
using Pipeline.Dockerfiles.Editing;
using Pipeline.Dockerfiles.Pip;
using Pipeline.Dockerfiles.Syntax;
using Pipeline.Testing;

namespace Pipeline.Dockerfiles.Tests.Syntax;

/// <summary>
/// Property-based tests (CsCheck): generated Dockerfiles and mutations of them either parse back byte for byte or
/// fail with one <see cref="DockerfileParseException"/> naming file:line, never anything else; ConfigurePip's
/// rewrite of whatever parses parses again, and a second run changes nothing. One thread: the machine is shared.
/// </summary>
public sealed class PropertyTests
{
    private static readonly ConfigurePipOptions Options = new() { Dockerfiles = [], CacheMounts = CacheMountMode.On };

    // Parses or throws the one documented error; returns the document or null.
    private static DockerfileDocument? ParseOrReject(string text)
    {
        try
        {
            var document = DockerfileParser.Parse(text, "gen/Dockerfile");
            Assert.Equal(text, document.ToText());
            return document;
        }
        catch (DockerfileParseException e)
        {
            var lines = text.Count(c => c == '\n') + 1;
            Assert.StartsWith($"gen/Dockerfile:{e.Line}: ", e.Message);
            Assert.InRange(e.Line, 1, lines);
            Assert.False(e.Message.Contains('\n') || e.Message.Contains('\r'), "multi-line error: " + e.Message.Replace("\r", "<CR>").Replace("\n", "<LF>"));
            Assert.NotEmpty(e.Problem);
            return null;
        }
    }

    private static string Rewrite(DockerfileDocument document, ConfigurePipOptions options)
    {
        var plan = PipRewritePlanner.Plan(document, "gen/Dockerfile", PipStageAnalysis.Analyze(document), _ => null, options);
        return TextEdit.Apply(document.ToText(), plan.Edits);
    }

    // Returns whether the first run changed the file (so a property can show it was not vacuous).
    private static bool ConfiguresOnceAndForAll(string text, ConfigurePipOptions options)
    {
        if (ParseOrReject(text) is not { } document)
            return false;
        var once = Rewrite(document, options);
        var reparsed = DockerfileParser.Parse(once, "gen/Dockerfile");
        Assert.Equal(once, Rewrite(reparsed, options));
        return once != text;
    }

    [Fact]
    public void Generated_Dockerfiles_parse_back_byte_for_byte() =>
        DockerfileGen.Valid.Sample(text => Assert.NotNull(ParseOrReject(text)), iter: 400, threads: 1);

    [Fact]
    public void Mutated_Dockerfiles_round_trip_or_fail_with_file_and_line()
    {
        var (parsed, rejected) = (0, 0);
        DockerfileGen.Mutated.Sample(text => { _ = ParseOrReject(text) is null ? rejected++ : parsed++; }, iter: 600, threads: 1);

        // Both outcomes occur, so both halves of the property were exercised.
        Assert.True(parsed > 60 && rejected > 60, $"{parsed} parsed, {rejected} rejected");
    }

    [Fact]
    public void ConfigurePip_on_generated_Dockerfiles_changes_nothing_the_second_time()
    {
        var changed = 0;
        Gen.Select(DockerfileGen.Valid, Gen.Bool).Sample((text, mounts) =>
        {
            if (ConfiguresOnceAndForAll(text, Options with { CacheMounts = mounts ? CacheMountMode.On : CacheMountMode.Off }))
                changed++;
        }, iter: 300, threads: 1);

        Assert.True(changed > 150, $"only {changed} of 300 generated files were changed by the first run");
    }

    [Fact]
    public void ConfigurePip_on_mutated_Dockerfiles_changes_nothing_the_second_time() =>
        DockerfileGen.Mutated.Sample(text => { ConfiguresOnceAndForAll(text, Options); }, iter: 300, threads: 1);

    [Fact]
    public async Task The_runner_reports_every_mutated_file_as_changed_unchanged_or_failed_with_its_line()
    {
        using var temp = new TempDirectory();
        var samples = new List<string>();
        DockerfileGen.Mutated.Sample(samples.Add, iter: 25, threads: 1);
        var paths = samples.Select((text, i) => temp.Write($"s{i}/Dockerfile", text)).ToList();
        var options = Options with { Dockerfiles = paths.Select(p => new DockerfileTarget(p, Path.GetDirectoryName(p)!)).ToList() };

        var first = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);
        var second = await new ConfigurePipRunner().RunAsync(options, CancellationToken.None);

        Assert.Equal(samples.Count, first.Files.Count);
        foreach (var (outcome, again) in first.Files.Zip(second.Files))
        {
            if (outcome.Status == FileStatus.Failed)
                Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(outcome.DockerfilePath)}:\\d+: [^\\n]+$", outcome.Error);
            else
                Assert.Equal(FileStatus.Unchanged, again.Status);
            Assert.DoesNotContain("please report this", outcome.Error ?? "");
        }
    }
}
