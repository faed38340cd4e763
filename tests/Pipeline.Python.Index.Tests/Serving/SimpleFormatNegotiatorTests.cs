using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Tests.Serving;

public sealed class SimpleFormatNegotiatorTests
{
    [Theory]
    // What pip 23 sends: JSON preferred, HTML as fallback.
    [InlineData("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01", SimpleFormat.Json)]
    [InlineData("text/html", SimpleFormat.Html)]
    [InlineData("application/vnd.pypi.simple.v1+json; q=0.2, text/html", SimpleFormat.Html)]
    [InlineData("*/*", SimpleFormat.Html)]
    [InlineData(null, SimpleFormat.Html)]
    public void The_best_acceptable_format_is_chosen(string? accept, SimpleFormat expected) =>
        Assert.Equal(expected, SimpleFormatNegotiator.Choose(accept, null)?.Format);

    [Fact]
    public void The_format_query_parameter_overrides_accept() =>
        Assert.Equal(SimpleFormat.Json, SimpleFormatNegotiator.Choose("text/html", SimpleFormatNegotiator.JsonMediaType)?.Format);

    [Fact]
    public void Nothing_acceptable_means_406() => Assert.Null(SimpleFormatNegotiator.Choose("application/xml", null));
}
