namespace PiVault.Server.Http;

public static class NoSuchEndpoint
{
    /// <summary>
    /// A 404 for any path under the group that no endpoint matches, with any method, in the group's error shape. An
    /// ordinary route with the last order rather than <c>MapFallback</c>, whose pattern the request delegate generator
    /// ignores (it maps <c>{*path:nonfile}</c>, dotnet/aspnetcore#65992).
    /// </summary>
    public static void MapNoSuchEndpoint(this RouteGroupBuilder api) =>
        api.Map("/{**rest}", string () => throw ApiException.NotFound("There is no such API endpoint."))
            .WithOrder(int.MaxValue)
            .WithDisplayName("No such API endpoint");
}
