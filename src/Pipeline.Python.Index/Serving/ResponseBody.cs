using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pipeline.Python.Index.Serving;

/// <summary>
/// The one way the index's middlewares (metering, faults) put a stream in front of the response body: wrap it, run
/// the rest of the pipeline, complete the wrapper (so its last bytes go out before Kestrel ends the response), and
/// give the next middleware out the body it had.
/// </summary>
internal static class ResponseBody
{
    /// <summary>Runs <paramref name="next"/> with the body wrapped by <paramref name="wrap"/>.</summary>
    public static async Task WrapAsync(HttpContext context, Func<Stream, Stream> wrap, Func<Task> next)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var wrapped = new StreamResponseBodyFeature(wrap(original.Stream), original);
        context.Features.Set<IHttpResponseBodyFeature>(wrapped);
        try
        {
            await next().ConfigureAwait(false);
            await wrapped.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
        }
    }
}
