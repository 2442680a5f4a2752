using PiVault.Server.Http;

namespace PiVault.Server.Features.Auth;

/// <summary>The one rule for "may this caller use this endpoint": authenticated, and holding the permission.</summary>
public static class AuthorizationFilters
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            Authorize(context.HttpContext, permission);
            return await next(context);
        });

    /// <summary>Any valid credential will do: for "who am I" endpoints every key may call.</summary>
    public static TBuilder RequireAuthenticated<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            _ = context.HttpContext.FindCaller() ?? throw Unauthenticated;
            return await next(context);
        });

    /// <summary>For actions a person must do themselves (change password): API keys are refused.</summary>
    public static TBuilder RequireSession<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.FindCaller() ?? throw Unauthenticated;
            if (caller.Kind != CredentialKind.Session)
            {
                throw ApiException.Forbidden("This action needs a logged-in session; API keys cannot do it.");
            }
            return await next(context);
        });

    public static void Authorize(HttpContext context, string permission)
    {
        var caller = context.FindCaller() ?? throw Unauthenticated;
        if (!caller.Has(permission))
        {
            throw ApiException.Forbidden($"Missing required permission: {permission}");
        }
    }

    private static ApiException Unauthenticated =>
        ApiException.Unauthorized("Authentication required: log in, or send an API key in the x-api-key header.");
}
