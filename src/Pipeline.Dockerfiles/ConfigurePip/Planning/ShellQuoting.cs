namespace Pipeline.Dockerfiles.ConfigurePip.Planning;

/// <summary>Quotes generated shell words only when they need it (<c>torch&gt;=2,&lt;3</c> would be a redirection).</summary>
internal static class ShellQuoting
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '=' or ',' or '-' or '/' or ':' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
