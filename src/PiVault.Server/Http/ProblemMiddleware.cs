using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PiVault.Server.Http;

/// <summary>The one place where <see cref="ApiException"/>s become problem responses.</summary>
public sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            if (e.Status >= 500)
            {
                LogServerProblem(logger, e.Status, e.Message);
            }
            if (e.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            await Write(context, e.Status, e.Title, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals: body over the limit, malformed framing, client too slow.
            await Write(context, e.StatusCode, "Bad request", e.Message);
        }
    }

    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        ProblemHttpResult problem = TypedResults.Problem(detail: detail, statusCode: status, title: title);
        return problem.ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {Status}: {Detail}")]
    private static partial void LogServerProblem(ILogger logger, int status, string detail);
}
