using Microsoft.AspNetCore.Http.HttpResults;
using PiVault.Server.Features.ApiKeys;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Login;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>Sign-up, login, logout, password, the current user and API keys, in Immich's shapes, over PiVault's auth services.</summary>
public static class ImmichAuthEndpoints
{
    private const string AuthTypeCookie = "immich_auth_type";
    private const string IsAuthenticatedCookie = "immich_is_authenticated";

    public static RouteGroupBuilder MapImmichAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth");
        auth.MapPost("/admin-sign-up", (
            ImmichSignUpRequest request, AuthService service, UserService users, AssetService assets, ImmichPreferencesService preferences) =>
        {
            var user = service.Bootstrap(new BootstrapRequest(request.Email, request.Name, request.Password));
            return TypedResults.Created("/api/users/me", Me(user.Id, users, assets, preferences));
        });
        auth.MapPost("/login", Login);
        auth.MapPost("/logout", Logout).RequireAuthenticated();
        auth.MapPost("/validateToken", () => TypedResults.Ok(new ImmichValidateTokenResponse(true))).RequireAuthenticated();
        auth.MapPost("/change-password", (
            ImmichChangePasswordRequest request, HttpContext http, AuthService service, UserService users, AssetService assets, ImmichPreferencesService preferences) =>
        {
            service.ChangePassword(http.GetCaller(), new ChangePasswordRequest(request.Password, request.NewPassword));
            return TypedResults.Ok(Me(http.GetCaller().UserId, users, assets, preferences));
        }).RequireSession();

        var me = api.MapGroup("/users/me");
        me.MapGet("/", (HttpContext http, UserService users, AssetService assets, ImmichPreferencesService preferences) =>
            TypedResults.Ok(Me(http.GetCaller().UserId, users, assets, preferences)))
            .RequirePermission(Permission.UserRead);
        me.MapGet("/preferences", (HttpContext http, ImmichPreferencesService preferences) => TypedResults.Ok(preferences.Get(http.GetCaller().UserId).Preferences))
            .RequirePermission(Permission.UserRead);
        me.MapPut("/preferences", (ImmichPreferencesUpdate update, HttpContext http, ImmichPreferencesService preferences) =>
            TypedResults.Ok(preferences.Update(http.GetCaller().UserId, update))).RequirePermission(Permission.UserUpdate);

        var keys = api.MapGroup("/api-keys");
        keys.MapPost("/", (ImmichApiKeyCreateRequest request, HttpContext http, ApiKeyService service) =>
        {
            var created = service.Create(http.GetCaller(), new CreateApiKeyRequest(request.Name, request.Permissions));
            return TypedResults.Created($"/api/api-keys/{created.ApiKey.Id}", ImmichMapper.ApiKeyCreated(created));
        }).RequirePermission(Permission.ApiKeyCreate);
        keys.MapGet("/", (HttpContext http, ApiKeyService service) => TypedResults.Ok(service.List(http.GetCaller()).ConvertAll(ImmichMapper.ApiKey)))
            .RequirePermission(Permission.ApiKeyRead);
        // Any key may ask about itself: the CLI checks its permissions here before every command.
        keys.MapGet("/me", (HttpContext http, ApiKeyService service) => TypedResults.Ok(ImmichMapper.ApiKey(service.Current(http.GetCaller()))))
            .RequireAuthenticated();
        keys.MapGet("/{id}", (string id, HttpContext http, ApiKeyService service) => TypedResults.Ok(ImmichMapper.ApiKey(service.Get(http.GetCaller(), id))))
            .RequirePermission(Permission.ApiKeyRead);
        keys.MapPut("/{id}", (string id, UpdateApiKeyRequest request, HttpContext http, ApiKeyService service) =>
                TypedResults.Ok(ImmichMapper.ApiKey(service.Update(http.GetCaller(), id, request))))
            .RequirePermission(Permission.ApiKeyUpdate);
        keys.MapDelete("/{id}", (string id, HttpContext http, ApiKeyService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.ApiKeyDelete);
        return api;
    }

    private static ImmichUserAdminDto Me(string userId, UserService users, AssetService assets, ImmichPreferencesService preferences) =>
        ImmichMapper.UserAdmin(users.Record(userId), assets.Usage(userId).Bytes, preferences.AvatarColor(userId));

    /// <summary>201 with the token, also set as Immich's cookies; the session is named after the app's device headers.</summary>
    private static Created<ImmichLoginResponse> Login(ImmichLoginRequest request, HttpContext http, AuthService auth)
    {
        var headers = http.Request.Headers;
        var device = string.Join(' ', new[] { headers["deviceType"].ToString(), headers["deviceModel"].ToString() }.Where(s => s.Length > 0));
        var address = http.ClientAddress();
        var response = auth.Login(new LoginRequest(request.Email, request.Password), address, device.Length > 0 ? device : headers.UserAgent.ToString());
        http.Response.Cookies.Append(CallerMiddleware.ImmichSessionCookie, response.AccessToken, Cookie(http, httpOnly: true, CallerMiddleware.SessionLifetime));
        http.Response.Cookies.Append(AuthTypeCookie, "password", Cookie(http, httpOnly: true, CallerMiddleware.SessionLifetime));
        http.Response.Cookies.Append(IsAuthenticatedCookie, "true", Cookie(http, httpOnly: false, CallerMiddleware.SessionLifetime));
        return TypedResults.Created("/api/users/me", ImmichMapper.Login(response.AccessToken, response.User));
    }

    private static Ok<ImmichLogoutResponse> Logout(HttpContext http, AuthService auth)
    {
        auth.Logout(http.GetCaller());
        foreach (var name in new[] { CallerMiddleware.ImmichSessionCookie, AuthTypeCookie, IsAuthenticatedCookie })
        {
            http.Response.Cookies.Delete(name, Cookie(http, httpOnly: name != IsAuthenticatedCookie, TimeSpan.Zero));
        }
        return TypedResults.Ok(new ImmichLogoutResponse("/auth/login?autoLaunch=0", true));
    }

    private static CookieOptions Cookie(HttpContext http, bool httpOnly, TimeSpan lifetime) => new()
    {
        HttpOnly = httpOnly,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime,
        IsEssential = true,
    };
}
