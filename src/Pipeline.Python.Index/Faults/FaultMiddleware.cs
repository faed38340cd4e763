using Microsoft.AspNetCore.Http;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Python.Index.Faults;

/// <summary>
/// Applies <see cref="IndexFaults"/> to each request: waits the latency, answers a 503 burst, or wraps a file
/// download's body so it is cut off or stalls part-way. Runs inside the metering, so the access log shows what
/// was really sent.
/// </summary>
internal sealed class FaultMiddleware(FaultPlan plan, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var faults = plan.Faults;
        if (faults.Latency > TimeSpan.Zero)
            await Task.Delay(faults.Latency, time, context.RequestAborted).ConfigureAwait(false);

        var path = context.Request.Path.Value ?? "/";
        var isFile = HttpMethods.IsGet(context.Request.Method) && path.Contains("/files/", StringComparison.Ordinal)
            && !path.EndsWith(".metadata", StringComparison.Ordinal);
        var decision = path == "/" ? default : plan.Decide(path, isFile);
        if (decision.ServerError)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("injected fault: 503 burst\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!decision.Cut && !decision.Stall)
        {
            await next().ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        await ResponseBody.WrapAsync(context, body => new FaultStream(body,
            () => response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent ? response.ContentLength : null,
            faults.DropAfter, decision.Stall ? faults.StallDuration : TimeSpan.Zero, time, context.Abort), next).ConfigureAwait(false);
    }
}
