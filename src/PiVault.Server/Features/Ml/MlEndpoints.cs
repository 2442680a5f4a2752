using PiVault.Ml.Models;
using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Ml;

public static class MlEndpoints
{
    /// <summary>Any signed-in user: the web app hides the search box and the text overlay of features that are off.</summary>
    public static RouteGroupBuilder MapMl(this RouteGroupBuilder api)
    {
        api.MapGet("/ml/features", (MlFeatures features, ModelLibrary library) => TypedResults.Ok(Status(features, library)))
            .RequirePermission(Permission.UserRead);
        return api;
    }

    public static MlStatusDto Status(MlFeatures features, ModelLibrary library) => new([.. features.All()], library.LoadedSessions);
}
