namespace PiVault.Server.Features.Server;

public sealed record PingDto(string Res);

public sealed record VersionDto(string Version);

public static class ServerEndpoints
{
    public static string Version { get; } =
        typeof(ServerEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Public: systemd, load balancers and clients probe these without credentials.</summary>
    public static RouteGroupBuilder MapServer(this RouteGroupBuilder api)
    {
        api.MapGet("/server/ping", () => TypedResults.Ok(new PingDto("pong")));
        api.MapGet("/server/version", () => TypedResults.Ok(new VersionDto(Version)));
        return api;
    }
}
