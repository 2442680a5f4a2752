using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Users;

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        api.MapGet("/users/me", (HttpContext http, UserService users) => TypedResults.Ok(users.Me(http.GetCaller())))
            .RequirePermission(Permission.UserRead);
        // The household, for sharing albums: every user can see who else is there.
        api.MapGet("/users", (UserService users) => TypedResults.Ok(users.List())).RequirePermission(Permission.UserRead);

        var admin = api.MapGroup("/admin/users");
        admin.MapGet("/", (UserService users) => TypedResults.Ok(users.List()))
            .RequirePermission(Permission.AdminUserRead);
        admin.MapPost("/", (CreateUserRequest request, UserService users) =>
            {
                var user = users.Create(request);
                return TypedResults.Created($"/api/v1/admin/users/{user.Id}", user);
            })
            .RequirePermission(Permission.AdminUserCreate);
        admin.MapPost("/{id}/disable", (string id, HttpContext http, UserService users) => TypedResults.Ok(users.SetDisabled(http.GetCaller(), id, true)))
            .RequirePermission(Permission.AdminUserUpdate);
        admin.MapPost("/{id}/enable", (string id, HttpContext http, UserService users) => TypedResults.Ok(users.SetDisabled(http.GetCaller(), id, false)))
            .RequirePermission(Permission.AdminUserUpdate);
        return api;
    }
}
