using Microsoft.AspNetCore.WebUtilities;
using PiVault.Server.Http;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's error body, <c>{message, error, statusCode, correlationId}</c> with an <c>X-Correlation-ID</c> header (its
/// clients show <c>message</c>), for every endpoint of the adapter. Added to the <c>/api</c> group twice: as an endpoint
/// filter, which turns what fails inside an endpoint into this body, and as the group's <see cref="IErrorShape"/>, which
/// <see cref="ProblemMiddleware"/> uses for what fails before the endpoint runs (a refused credential) and for bodiless
/// statuses. Which failures become which status is <see cref="ProblemMiddleware.Recognize"/>'s rule, the same for both APIs.
/// </summary>
public sealed class ImmichErrors : IEndpointFilter, IErrorShape
{
    public static readonly ImmichErrors Shape = new();

    private ImmichErrors()
    {
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!context.HttpContext.Response.HasStarted && ProblemMiddleware.Recognize(context.HttpContext, e) is { } error)
        {
            return ProblemMiddleware.Result(context.HttpContext, error);
        }
    }

    public IResult Error(HttpContext context, int status, string title, string detail)
    {
        context.Response.Headers["X-Correlation-ID"] = context.TraceIdentifier;
        var error = new ImmichErrorDto(detail, ReasonPhrases.GetReasonPhrase(status), status, context.TraceIdentifier);
        return TypedResults.Json(error, PiVaultJsonContext.Default.ImmichErrorDto, statusCode: status);
    }
}

/// <summary>The error body Immich servers answer with; its clients read <c>message</c> (and <c>error</c>).</summary>
public sealed record ImmichErrorDto(string Message, string Error, int StatusCode, string CorrelationId);
