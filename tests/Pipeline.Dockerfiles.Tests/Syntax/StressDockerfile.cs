using System.Text;

namespace Pipeline.Dockerfiles.Tests.Syntax;

/// <summary>Seeded random Dockerfiles full of the things that break naive parsers.</summary>
internal static class StressDockerfile
{
    private static readonly string[] Keywords = ["RUN", "run", "COPY", "ADD", "ENV", "ARG", "LABEL", "CMD", "ENTRYPOINT", "WORKDIR", "USER", "EXPOSE", "VOLUME", "ONBUILD RUN", "HEALTHCHECK CMD", "SHELL"];
    private static readonly string[] Words = ["pip", "install", "--no-cache-dir", "-r", "req.txt", "\"a b\"", "'c d'", "x=1", "$HOME", "${X:-y}", "&&", "||", ";", "|", "é", "☃", "[\"a\",", "\"b\"]", "--mount=type=cache,target=/c", "\\\\", "`", "#notcomment", "a\\ b"];

    public static string Generate(Random random)
    {
        var escape = random.Next(4) == 0 ? '`' : '\\';
        var newline = random.Next(3) == 0 ? "\r\n" : "\n";
        var sb = new StringBuilder();
        if (random.Next(3) == 0)
            sb.Append("\uFEFF");
        if (random.Next(2) == 0)
            sb.Append("# syntax=docker/dockerfile:1").Append(newline);
        if (escape == '`')
            sb.Append("# escape=`").Append(newline);
        if (random.Next(3) == 0)
            sb.Append("# check=skip=all").Append(newline);
        sb.Append(Pad(random)).Append("FROM base").Append(random.Next(2) == 0 ? " AS build" : "").Append(newline);
        var count = random.Next(1, 12);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                    sb.Append(Pad(random)).Append("# comment ").Append(Word(random)).Append(newline);
                    continue;
                case 1:
                    sb.Append(Pad(random)).Append(newline);
                    continue;
            }
            var keyword = Keywords[random.Next(Keywords.Length)];
            sb.Append(Pad(random)).Append(keyword);
            if (random.Next(3) == 0)
                sb.Append(" --flag=").Append(random.Next(10));
            var lines = random.Next(1, 4);
            for (var l = 0; l < lines; l++)
            {
                var words = random.Next(1, 5);
                for (var w = 0; w < words; w++)
                    sb.Append(Pad(random)).Append(' ').Append(Word(random));
                if (l < lines - 1)
                {
                    sb.Append(' ', random.Next(2)).Append(escape).Append(random.Next(4) == 0 ? " \t" : "").Append(newline);
                    if (random.Next(4) == 0)
                        sb.Append("  # inside the continuation").Append(newline);
                    if (random.Next(5) == 0)
                        sb.Append(newline);
                }
            }
            if (keyword is "RUN" or "COPY" && random.Next(3) == 0)
            {
                var chomp = random.Next(2) == 0;
                var quoted = random.Next(2) == 0;
                sb.Append(" <<").Append(chomp ? "-" : "").Append(quoted ? "'EOT'" : "EOT").Append(newline);
                sb.Append("line one ").Append(Word(random)).Append(newline).Append("\t$VAR \\").Append(newline);
                sb.Append(chomp ? "\t\tEOT" : "EOT");
            }
            if (i < count - 1 || random.Next(2) == 0)
                sb.Append(newline);
        }
        return sb.ToString();
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Pad(Random random) => random.Next(4) switch { 0 => "  ", 1 => "\t", _ => "" };
}
