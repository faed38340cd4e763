using Pipeline.Compose.Interpolation;

namespace Pipeline.Containers.Tests.Compose;

public class InterpolatorTests
{
    private static readonly Interpolator Vars = new(new Dictionary<string, string>
    {
        ["SET"] = "value",
        ["EMPTY"] = "",
        ["OTHER"] = "other",
    });

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("a-${SET}-b", "a-value-b")]
    [InlineData("$SET/x", "value/x")]
    [InlineData("$$SET", "$SET")]
    [InlineData("cost: 5$", "cost: 5$")]
    [InlineData("${UNSET}", "")]
    [InlineData("${UNSET:-fallback}", "fallback")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${EMPTY-fallback}", "")]
    [InlineData("${UNSET-fallback}", "fallback")]
    [InlineData("${SET:-fallback}", "value")]
    [InlineData("${UNSET:-${OTHER}}", "other")]
    [InlineData("${UNSET:-${ALSO_UNSET:-deep}}", "deep")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${SET:?must be set}", "value")]
    [InlineData("${EMPTY?must be set}", "")]
    public void Interpolates_like_compose(string input, string expected) =>
        Assert.Equal(expected, Vars.Interpolate(input));

    [Theory]
    [InlineData("${UNSET:?set it in .env}", "required variable UNSET is missing a value: set it in .env")]
    [InlineData("${EMPTY:?no empty please}", "required variable EMPTY is missing a value: no empty please")]
    [InlineData("${UNSET?gone}", "required variable UNSET is missing a value: gone")]
    public void Required_variables_fail_with_their_message(string input, string message) =>
        Assert.Equal(message, Assert.Throws<InterpolationException>(() => Vars.Interpolate(input)).Message);

    [Theory]
    [InlineData("${SET")]
    [InlineData("${}")]
    [InlineData("${SET:}")]
    [InlineData("${SET%x}")]
    public void Broken_syntax_is_an_error(string input) =>
        Assert.Contains("invalid interpolation format", Assert.Throws<InterpolationException>(() => Vars.Interpolate(input)).Message);
}
