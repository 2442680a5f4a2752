using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>The sync stream and its acks. Like Immich, only logged-in sessions may sync: the position is kept per session.</summary>
public static class ImmichSyncEndpoints
{
    public const string ContentType = "application/jsonlines+json";

    public static RouteGroupBuilder MapImmichSync(this RouteGroupBuilder api)
    {
        var sync = api.MapGroup("/sync");
        sync.AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.FindCaller() ?? throw ApiException.Unauthorized("Authentication required");
            return caller.Kind == CredentialKind.Session
                ? await next(context)
                : throw ApiException.Forbidden("Sync endpoints cannot be used with API keys");
        });
        sync.MapPost("/stream", async (SyncStreamRequest request, HttpContext http, ImmichSyncService service) =>
        {
            http.Response.ContentType = ContentType;
            await service.StreamAsync(http.GetCaller(), request, http.Response.BodyWriter, http.RequestAborted);
        });
        sync.MapGet("/ack", (HttpContext http, ImmichSyncService service) => TypedResults.Ok(service.GetAcks(http.GetCaller())));
        sync.MapPost("/ack", (SyncAckSetRequest request, HttpContext http, ImmichSyncService service) =>
        {
            service.SetAcks(http.GetCaller(), request.Acks ?? []);
            return TypedResults.NoContent();
        });
        sync.MapDelete("/ack", (SyncAckDeleteRequest? request, HttpContext http, ImmichSyncService service) =>
        {
            service.DeleteAcks(http.GetCaller(), request?.Types);
            return TypedResults.NoContent();
        });
        return api;
    }
}
