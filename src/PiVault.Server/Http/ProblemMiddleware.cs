using System.Globalization;
using PiVault.Server.Storage;

namespace PiVault.Server.Http;

/// <summary>
/// Turns failures into error responses: <see cref="ApiException"/>s, disk faults and Kestrel's own refusals. What the
/// client is told (status, title, detail without server folders) and what else happens (5xx logged, disk fault reported
/// to health, Retry-After) is decided here, once; how the body looks is the endpoint's <see cref="IErrorShape"/>, or RFC
/// 9457 problem details. An endpoint group that owns its shape also catches inside its endpoints with an endpoint filter
/// (the Immich adapter does); this middleware answers for what fails before an endpoint runs (credential checks) and for
/// bodiless error statuses (<see cref="WriteStatusCodePage"/>).
/// </summary>
public sealed partial class ProblemMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Recognize(context, e) is { } error)
        {
            await Result(context, error).ExecuteAsync(context);
        }
    }

    /// <summary>
    /// The failure as the client should hear it, with its side effects done; null for anything else (a bug, left to the
    /// host's 500).
    /// </summary>
    public static ApiException? Recognize(HttpContext context, Exception e)
    {
        var error = e switch
        {
            ApiException api => api,
            OriginalOfflineException offline => new ApiException(503, "Original offline", offline.Message) { RetryAfterSeconds = 300 },
            _ when DiskFaults.Classify(e) is { } fault => Logged(context, ApiException.Disk(fault), e), // full, read-only or vanished disk
            BadHttpRequestException bad => new ApiException(bad.StatusCode, "Bad request", bad.Message), // body over the limit, bad framing, slow client
            _ => null,
        };
        if (error is null)
        {
            return null;
        }
        if (error.Status >= 500)
        {
            LogServerProblem(Logger(context), error.Status, error.Message);
        }
        if (error.Fault is { } kind)
        {
            context.RequestServices.GetService<StorageFaults>()?.Observe(kind);
        }
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return error;
    }

    /// <summary>The error body in the endpoint's shape.</summary>
    public static IResult Result(HttpContext context, ApiException error) => Result(context, error.Status, error.Title, error.Message);

    public static IResult Result(HttpContext context, int status, string title, string detail)
    {
        detail = context.RequestServices.GetRequiredService<ServerPathRedaction>().Redact(detail);
        return context.GetEndpoint()?.Metadata.GetMetadata<IErrorShape>() is { } shape
            ? shape.Error(context, status, title, detail)
            : TypedResults.Problem(detail: detail, statusCode: status, title: title);
    }

    /// <summary>Bodiless error statuses (405, a 400 from parameter binding, …) get the same error shape as thrown ones.</summary>
    public static Task WriteStatusCodePage(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var reason = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        return Result(context.HttpContext, status, reason, $"{reason}: the request could not be handled.").ExecuteAsync(context.HttpContext);
    }

    private static ApiException Logged(HttpContext context, ApiException error, Exception cause)
    {
        LogDiskFault(Logger(context), error.Fault!.Value, cause.Message);
        return error;
    }

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILogger<ProblemMiddleware>>();

    [LoggerMessage(Level = LogLevel.Error, Message = "Request hit a disk fault ({Fault}): {Reason}")]
    private static partial void LogDiskFault(ILogger logger, DiskFaultKind fault, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {Status}: {Detail}")]
    private static partial void LogServerProblem(ILogger logger, int status, string detail);
}
