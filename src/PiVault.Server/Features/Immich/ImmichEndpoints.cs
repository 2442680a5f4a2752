using PiVault.Server.Http;
using PiVault.Server.Features.Immich.Realtime;
using PiVault.Server.Features.Ocr;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// The Immich-compatible API under <c>/api</c> (Immich's paths), so the stock Immich mobile app and CLI back up to
/// PiVault unchanged. A thin adapter: every handler calls the same services as PiVault's own <c>/api/v1</c>.
/// </summary>
public static class ImmichEndpoints
{
    /// <summary>Reported to clients: the app gates features (sync V2 types ≥ 3.0) on this, and a v3 app needs a v3 server.</summary>
    public static readonly ImmichVersionDto Version = new(3, 2, 2, null);

    public static void MapImmich(this IEndpointRouteBuilder app)
    {
        // Discovery: the CLI asks at the root; with a trailing slash in its URL it asks below /api.
        var wellKnown = new WellKnownDto(new WellKnownApiDto("/api"));
        app.MapGet("/.well-known/immich", () => TypedResults.Ok(wellKnown)).WithImmichErrors();

        // Everything under /api that is not PiVault's own /api/v1 (a more specific group) answers in Immich's shape,
        // including paths no endpoint matches: the group's fallback is a 404 of its own, never the web app's page.
        var api = app.MapGroup("/api").WithImmichErrors();
        api.MapGet("/.well-known/immich", () => TypedResults.Ok(wellKnown));
        api.MapImmichServer().MapImmichAuth().MapImmichAssets().MapImmichOcr().MapImmichSearch().MapImmichAlbums().MapImmichTimeline().MapImmichSync().MapImmichDuplicates().MapImmichPeople()
            .MapImmichMemories().MapImmichStacksAndMap().MapImmichTags().MapImmichPartners().MapImmichFolders()
            .MapImmichAssetEdits().MapImmichAssetMetadata().MapImmichUsers().MapImmichOnboarding().MapImmichSharedLinks().MapImmichLockedFolder();
        api.MapImmichLibraries().MapImmichDownloads();
        api.MapImmichSocket();
        api.MapNoSuchEndpoint();
    }

    /// <summary>Immich's error body for these endpoints (<see cref="ImmichErrors"/>).</summary>
    private static TBuilder WithImmichErrors<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(ImmichErrors.Shape);
        return builder.WithMetadata(ImmichErrors.Shape);
    }
}
