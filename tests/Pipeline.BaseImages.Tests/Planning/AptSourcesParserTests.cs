using Pipeline.BaseImages.Planning;

namespace Pipeline.BaseImages.Tests.Planning;

public sealed class AptSourcesParserTests
{
    // The format this machine uses (/etc/apt/sources.list.d/debian.sources on Debian 12 images).
    private const string Deb822 = """
        Types: deb
        # http://snapshot.debian.org/archive/debian/20250520T000000Z
        URIs: http://deb.debian.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        Components: main
        """;

    [Fact]
    public void Deb822_file_yields_main_archive_for_the_suite() =>
        Assert.Equal("http://deb.debian.org/debian", AptSourcesParser.FindMirror(Deb822, deb822: true, "bookworm"));

    [Fact]
    public void One_line_format_with_options_and_comments()
    {
        const string list = """
            # deb http://commented.example/debian bookworm main
            deb-src http://src.example/debian bookworm main
            deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://mirror.local:3142/debian bookworm main contrib
            deb http://security.debian.org/debian-security bookworm-security main
            """;
        Assert.Equal("http://mirror.local:3142/debian", AptSourcesParser.FindMirror(list, deb822: false, "bookworm"));
    }

    [Fact]
    public void Security_only_and_third_party_sources_are_not_mirrors()
    {
        const string list = """
            deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main
            deb http://deb.debian.org/debian-security bookworm-security main
            """;
        Assert.Null(AptSourcesParser.FindMirror(list, deb822: false, "bookworm"));
    }

    [Fact]
    public void Disabled_deb822_stanza_is_ignored()
    {
        const string text = "Enabled: no\nTypes: deb\nURIs: http://off.example/debian\nSuites: bookworm\n";
        Assert.Null(AptSourcesParser.FindMirror(text, deb822: true, "bookworm"));
    }

    [Fact]
    public void A_debian_archive_for_another_suite_is_the_second_choice()
    {
        var files = new[]
        {
            ("deb https://deb.nodesource.com/node_20.x nodistro main", false),
            ("deb http://ftp.example.org/debian bullseye main", false),
        };
        Assert.Equal("http://ftp.example.org/debian", AptSourcesParser.FindMirror(files, "bookworm"));
    }

    [Fact]
    public void Suite_match_in_a_later_file_beats_an_earlier_other_suite()
    {
        var files = new[]
        {
            ("deb http://old.example/debian bullseye main", false),
            (Deb822, true),
        };
        Assert.Equal("http://deb.debian.org/debian", AptSourcesParser.FindMirror(files, "bookworm"));
    }
}
