using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using PiVault.Server.Json;

namespace PiVault.Server.Http;

/// <summary>
/// The one place where <see cref="ApiException"/>s become error responses: RFC 9457 problem bodies on PiVault's own
/// API, and Immich's JSON error shape (<c>{message, error, statusCode, correlationId}</c> plus an
/// <c>X-Correlation-ID</c> header) on the Immich-compatible paths, whose clients show <c>message</c>. No detail names a
/// server folder (<see cref="ServerPathRedaction"/>).
/// </summary>
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
        detail = context.RequestServices.GetRequiredService<ServerPathRedaction>().Redact(detail);
        if (IsImmichPath(context.Request.Path))
        {
            context.Response.Headers["X-Correlation-ID"] = context.TraceIdentifier;
            var error = new ImmichErrorDto(detail, ReasonPhrases.GetReasonPhrase(status), status, context.TraceIdentifier);
            return TypedResults.Json(error, PiVaultJsonContext.Default.ImmichErrorDto, statusCode: status).ExecuteAsync(context);
        }
        ProblemHttpResult problem = TypedResults.Problem(detail: detail, statusCode: status, title: title);
        return problem.ExecuteAsync(context);
    }

    /// <summary>Everything under <c>/api/</c> except PiVault's own <c>/api/v1/</c>, and Immich's discovery document.</summary>
    public static bool IsImmichPath(PathString path) =>
        (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/.well-known/immich", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {Status}: {Detail}")]
    private static partial void LogServerProblem(ILogger logger, int status, string detail);
}

/// <summary>The error body Immich servers answer with; its clients read <c>message</c> (and <c>error</c>).</summary>
public sealed record ImmichErrorDto(string Message, string Error, int StatusCode, string CorrelationId);
