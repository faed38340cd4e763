using CsCheck;
using Pipeline.Compose.Errors;
using Pipeline.Compose.Interpolation;
using Pipeline.Compose.Loading;
using Pipeline.Testing;

namespace Pipeline.Containers.Tests.Compose;

/// <summary>
/// Property tests (CsCheck) of the compose reader on mutated compose and <c>.env</c> files and binary garbage: every
/// input is either read or rejected with one <see cref="ComposeFileException"/> whose message is one line starting
/// with <c>file:line:</c> (or <c>file:</c>) — never another exception, never a hang. One thread: the machine is shared.
/// </summary>
public sealed class ComposePropertyTests
{
    private const string File = "gen/compose.yaml";

    private static readonly Dictionary<string, string> Variables = new() { ["TAG"] = "3.11", ["EMPTY"] = "" };

    private static readonly string[] Seeds =
    [
        System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "ai-stack", "docker-compose.yml")),
        """
        name: gen
        x-base: &base
          restart: unless-stopped
          environment:
            - A=${TAG:-3.12}
            - B=$${LITERAL}
        services:
          api:
            <<: *base
            image: "registry.local:5000/api:${TAG}"
            build:
              context: ./api
              dockerfile: Dockerfile
              args: { PY: "${TAG?need a tag}", PIP: "on" }
              target: app
              labels: [ "a=b" ]
              cache_from: [ "type=registry,ref=r/api" ]
              extra_hosts: [ "host:1.2.3.4" ]
              shm_size: 1g
            container_name: api
            profiles: [ full ]
            depends_on: [ db ]
          db:
            image: qdrant/qdrant:v1.16.2
            x-podman: { in_pod: false }
        """,
        """
        services:
          web:
            build: ./web
            ports: ["8080:80"]
            labels:
              com.example: "${EMPTY:-fallback}"
        """,
    ];

    private static void ReadOrReject(string text)
    {
        try
        {
            ComposeFileLoader.Parse(text, File, Variables);
        }
        catch (ComposeFileException e)
        {
            Assert.StartsWith(File + ":", e.Message);
            Assert.False(e.Message.Contains('\n') || e.Message.Contains('\r'), "multi-line error: " + e.Message);
            Assert.InRange(e.Line, 0, YamlLines(text) + 1);
            Assert.NotEmpty(e.Problem);
        }
    }

    // YAML (and editors) break lines at CR, LF, CRLF, NEL and the Unicode separators.
    private static int YamlLines(string text) =>
        1 + text.Replace("\r\n", "\n").Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029');

    [Fact]
    public void The_seeds_are_read()
    {
        foreach (var seed in Seeds)
            Assert.NotEmpty(ComposeFileLoader.Parse(seed, File, Variables).Services);
    }

    [Fact]
    public void Mutated_compose_files_are_read_or_rejected_with_file_and_line()
    {
        var (read, rejected) = (0, 0);
        TextMutations.Mutated(Gen.OneOf(Seeds.Select(Gen.Const).ToArray()), "services: ", "  x: ", "- ", "image: ${", "<<: *")
            .Sample(text =>
            {
                try
                {
                    ComposeFileLoader.Parse(text, File, Variables);
                    read++;
                }
                catch (ComposeFileException)
                {
                    rejected++;
                }
                ReadOrReject(text);
            }, iter: 400, threads: 1);

        // Both outcomes occur, so both halves of the property were exercised.
        Assert.True(read > 40 && rejected > 40, $"{read} read, {rejected} rejected");
    }

    [Fact]
    public void A_flow_sequence_yamldotnet_cannot_scan_is_one_line_with_the_file()
    {
        // Found by the property above: YamlDotNet's scanner threw InvalidOperationException on this line.
        var e = Assert.Throws<ComposeFileException>(() =>
            ComposeFileLoader.Parse("services:\n  web:\n    ports: [J\u0090\u0008\u00ab\u0007\n\u00aa\u0005\"8080:80\"]\n", File, Variables));

        Assert.StartsWith(File + ":", e.Message);
        Assert.Contains("invalid YAML", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void A_key_cut_short_is_one_line_with_the_file()
    {
        // Found by the property above (seed 0fXp5EKVuXZ2): YamlDotNet's loader threw ArgumentException here.
        var e = Assert.Throws<ComposeFileException>(() => ComposeFileLoader.Parse("services:\n  web \n:  ", File, Variables));

        Assert.StartsWith(File + ":", e.Message);
        Assert.IsType<ArgumentException>(e.InnerException);
    }

    [Fact]
    public void Binary_garbage_is_rejected_with_the_file_name() =>
        TextMutations.BinaryFile.Sample(ReadOrReject, iter: 300, threads: 1);

    [Fact]
    public void Mutated_env_files_are_read_or_rejected_with_file_and_line()
    {
        const string env = "# settings\nexport TAG=3.11\nNAME='it''s'\nQUOTED=\"a\\nb\" # comment\nEMPTY=\n";
        TextMutations.Mutated(Gen.Const(env), "A=", "export ", "B=\"").Sample(text =>
        {
            try
            {
                DotEnvFile.Parse(text, "gen/.env");
            }
            catch (ComposeFileException e)
            {
                Assert.StartsWith("gen/.env:", e.Message);
                Assert.False(e.Message.Contains('\n') || e.Message.Contains('\r'), "multi-line error: " + e.Message);
            }
        }, iter: 400, threads: 1);
    }
}
