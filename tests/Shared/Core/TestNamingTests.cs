using System.Reflection;
using System.Text.RegularExpressions;

namespace Pipeline.Testing;

/// <summary>
/// Test names read as sentences with words joined by '_' (<c>Bad_line_is_one_error_with_file_and_line</c>), acronyms
/// and names kept as written (<c>FROM</c>, <c>BuildKit</c>). .editorconfig cannot tell a test from another public
/// method, so this file, linked into every test project, checks that project's own tests.
/// </summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void Every_test_in_this_project_is_named_as_a_sentence()
    {
        var tests = typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .ToList();

        var misnamed = tests.Where(m => !Sentence().IsMatch(m.Name)).Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();

        Assert.NotEmpty(tests);
        Assert.True(misnamed.Count == 0, $"name tests as sentences with '_' between words: {string.Join(", ", misnamed)}");
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$")]
    private static partial Regex Sentence();
}
