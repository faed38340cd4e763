using System.Text.RegularExpressions;

namespace Pipeline.Build;

/// <summary>Turns <c>CallerArgumentExpression</c> text into something readable in a skip reason.</summary>
internal static partial class SourceText
{
    /// <summary><c>() => IsLocalBuild</c> → <c>IsLocalBuild</c>; whitespace folded.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "condition";
        var folded = Whitespace().Replace(text.Trim(), " ");
        var lambda = LambdaPrefix().Match(folded);
        return lambda.Success ? folded[lambda.Length..].Trim() : folded;
    }

    /// <summary><c>() => ComposeFile</c> → <c>ComposeFile</c>; <c>() => this.Foo</c> → <c>Foo</c>.</summary>
    public static string MemberName(string? text)
    {
        var clean = Clean(text);
        return clean.StartsWith("this.", StringComparison.Ordinal) ? clean[5..] : clean;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\(\s*\)\s*=>")]
    private static partial Regex LambdaPrefix();
}
