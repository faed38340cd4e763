using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Pipeline.IO.Options;

/// <summary>
/// An absolute <c>http://</c> or <c>https://</c> URL (a <see cref="string"/> or a <see cref="Uri"/>); null is valid
/// (mark the property <see cref="RequiredAttribute"/> when it must be set). With <see cref="Public"/>, a loopback
/// address is refused: such URLs end up in the user's files, which must never hold machine-local values.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HttpUrlAttribute : ValidationAttribute
{
    /// <summary>Refuse loopback hosts (127.0.0.1, localhost, ::1).</summary>
    public bool Public { get; init; }

    /// <inheritdoc />
    public override bool IsValid(object? value)
    {
        ErrorMessage ??= Public ? "a public http(s) URL (it is written into files), e.g. https://download.pytorch.org/whl/cpu" : "an http(s) URL";
        var uri = value switch
        {
            null => null,
            Uri u => u,
            string s when Uri.TryCreate(s, UriKind.Absolute, out var parsed) => parsed,
            _ => new Uri("invalid:"),
        };
        return uri is null || uri.IsAbsoluteUri && uri.Scheme is "http" or "https" && !(Public && uri.IsLoopback);
    }
}

/// <summary>An absolute URL of any scheme (a <see cref="string"/>); null is valid.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteUrlAttribute : ValidationAttribute
{
    /// <inheritdoc />
    public override bool IsValid(object? value)
    {
        ErrorMessage ??= "an absolute URL";
        return value is null || value is string s && Uri.TryCreate(s, UriKind.Absolute, out _);
    }
}

/// <summary>A fully qualified path (a <see cref="string"/>); null is valid, empty is not.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FullPathAttribute : ValidationAttribute
{
    /// <inheritdoc />
    public override bool IsValid(object? value)
    {
        ErrorMessage ??= "an absolute path";
        return value is null || value is string s && s.Length > 0 && Path.IsPathFullyQualified(s);
    }
}

/// <summary>Every item of a list of strings matches <paramref name="pattern"/> (a whole-string regular expression).</summary>
/// <param name="pattern">The pattern each item must match.</param>
/// <param name="expectation">What the pattern means, for the problem line (e.g. "Debian package names").</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EachMatchesAttribute(string pattern, string expectation) : ValidationAttribute(expectation)
{
    private readonly Regex _regex = new($"^(?:{pattern})$", RegexOptions.CultureInvariant);

    /// <inheritdoc />
    public override bool IsValid(object? value) =>
        value is null || value is IEnumerable items && items.Cast<object?>().All(i => i is string s && _regex.IsMatch(s));
}
