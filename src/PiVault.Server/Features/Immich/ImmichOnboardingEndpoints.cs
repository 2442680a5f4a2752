using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's <c>/api/users/me/onboarding</c>: whether the user finished the web app's first-run steps. Phones learn of it
/// through the sync stream's UserMetadataV1 line (key <c>onboarding</c>); deleting it sends UserMetadataDeleteV1.
/// </summary>
public static class ImmichOnboardingEndpoints
{
    public static RouteGroupBuilder MapImmichOnboarding(this RouteGroupBuilder api)
    {
        var onboarding = api.MapGroup("/users/me/onboarding");
        onboarding.MapGet("/", (HttpContext http, Database database, ImmichUserMetadataStore store) =>
        {
            using var db = database.Open();
            return TypedResults.Ok(new ImmichOnboardingDto(store.IsOnboarded(db, http.GetCaller().UserId)));
        }).RequirePermission(Permission.UserRead);
        onboarding.MapPut("/", (ImmichOnboardingRequest request, HttpContext http, Database database, ImmichUserMetadataStore store, TimeProvider time) =>
        {
            var onboarded = request.IsOnboarded ?? throw ApiException.BadRequest("isOnboarded is required.");
            using var db = database.Open();
            store.SetOnboarded(db, http.GetCaller().UserId, onboarded, time.GetUtcNow());
            return TypedResults.Ok(new ImmichOnboardingDto(onboarded));
        }).RequirePermission(Permission.UserUpdate);
        onboarding.MapDelete("/", (HttpContext http, Database database, ImmichUserMetadataStore store) =>
        {
            using var db = database.Open();
            store.DeleteOnboarding(db, http.GetCaller().UserId);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.UserUpdate);
        return api;
    }
}

/// <summary>Immich's <c>OnboardingDto</c> as a request: <c>isOnboarded</c> is required.</summary>
public sealed record ImmichOnboardingRequest(bool? IsOnboarded);
