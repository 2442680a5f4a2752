using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using PiVault.Server.Json;
using PiVault.Server.Storage;

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
            await WriteAsync(context, e);
        }
        catch (Exception e) when (!context.Response.HasStarted && DiskFaults.Classify(e) is { } fault)
        {
            // A full, read-only or vanished disk under any endpoint: say so, instead of a bare 500.
            LogDiskFault(logger, fault, e.Message);
            await WriteAsync(context, ApiException.Disk(fault));
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals: body over the limit, malformed framing, client too slow.
            await Write(context, e.StatusCode, "Bad request", e.Message);
        }
    }

    private async Task WriteAsync(HttpContext context, ApiException e)
    {
        if (e.Status >= 500)
        {
            LogServerProblem(logger, e.Status, e.Message);
        }
        if (e.Fault is { } fault)
        {
            context.RequestServices.GetService<StorageFaults>()?.Observe(fault);
        }
        if (e.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        await Write(context, e.Status, e.Title, e.Message);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Request hit a disk fault ({Fault}): {Reason}")]
    private static partial void LogDiskFault(ILogger logger, DiskFaultKind fault, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {Status}: {Detail}")]
    private static partial void LogServerProblem(ILogger logger, int status, string detail);
}

/// <summary>The error body Immich servers answer with; its clients read <c>message</c> (and <c>error</c>).</summary>
public sealed record ImmichErrorDto(string Message, string Error, int StatusCode, string CorrelationId);
