using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.ApiKeys;

public static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys");
        keys.MapPost("/", (CreateApiKeyRequest request, HttpContext http, ApiKeyService service) =>
            {
                var created = service.Create(http.GetCaller(), request);
                return TypedResults.Created($"/api/v1/api-keys/{created.ApiKey.Id}", created);
            })
            .RequirePermission(Permission.ApiKeyCreate);
        keys.MapGet("/", (HttpContext http, ApiKeyService service) => TypedResults.Ok(service.List(http.GetCaller())))
            .RequirePermission(Permission.ApiKeyRead);
        keys.MapGet("/me", (HttpContext http, ApiKeyService service) => TypedResults.Ok(service.Current(http.GetCaller())))
            .RequirePermission(Permission.UserRead);
        keys.MapGet("/permissions", (HttpContext http, ApiKeyService service) => TypedResults.Ok(service.Grantable(http.GetCaller())))
            .RequirePermission(Permission.ApiKeyCreate);
        keys.MapPut("/{id}", (string id, UpdateApiKeyRequest request, HttpContext http, ApiKeyService service) =>
                TypedResults.Ok(service.Update(http.GetCaller(), id, request)))
            .RequirePermission(Permission.ApiKeyUpdate);
        keys.MapDelete("/{id}", (string id, HttpContext http, ApiKeyService service) =>
            {
                service.Delete(http.GetCaller(), id);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.ApiKeyDelete);
        return api;
    }
}
