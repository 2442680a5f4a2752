using Microsoft.AspNetCore.Http.HttpResults;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Login;

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        api.MapGet("/server/setup", (AuthService auth) => TypedResults.Ok(new SetupStatusDto(auth.SetupRequired())));
        api.MapPost("/auth/bootstrap", (BootstrapRequest request, AuthService auth) =>
            TypedResults.Created("/api/v1/users/me", auth.Bootstrap(request)));
        api.MapPost("/auth/login", Login);
        api.MapPost("/auth/logout", Logout).RequirePermission(Permission.UserRead);
        api.MapPut("/auth/password", (ChangePasswordRequest request, HttpContext http, AuthService auth) =>
            {
                auth.ChangePassword(http.GetCaller(), request);
                return TypedResults.NoContent();
            })
            .RequireSession();
        return api;
    }

    private static Ok<LoginResponse> Login(LoginRequest request, HttpContext http, AuthService auth)
    {
        var address = http.ClientAddress();
        var response = auth.Login(request, address, http.Request.Headers.UserAgent.ToString());
        http.Response.Cookies.Append(CallerMiddleware.SessionCookie, response.AccessToken, SessionCookieOptions(http, CallerMiddleware.SessionLifetime));
        return TypedResults.Ok(response);
    }

    private static NoContent Logout(HttpContext http, AuthService auth)
    {
        auth.Logout(http.GetCaller());
        http.Response.Cookies.Delete(CallerMiddleware.SessionCookie, SessionCookieOptions(http, TimeSpan.Zero));
        return TypedResults.NoContent();
    }

    /// <summary>HttpOnly (no script can read it), SameSite=Lax (no cross-site posts), Secure whenever the request came over HTTPS.</summary>
    private static CookieOptions SessionCookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };
}
