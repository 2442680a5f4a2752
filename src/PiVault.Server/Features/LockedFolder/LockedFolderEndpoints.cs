using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.LockedFolder;

/// <summary>
/// The locked folder's PIN and the session's unlock under <c>/api/v1/locked-folder</c>, over the same
/// <see cref="LockedFolderService"/> as Immich's <c>/api/auth/pin-code</c> and <c>/api/auth/session/unlock</c>. The PIN
/// is a person's secret: setting, changing, removing it and unlocking need a logged-in session, never an API key.
/// </summary>
public static class LockedFolderEndpoints
{
    public static RouteGroupBuilder MapLockedFolder(this RouteGroupBuilder api)
    {
        var folder = api.MapGroup("/locked-folder");
        folder.MapGet("", (HttpContext http, LockedFolderService locked) => TypedResults.Ok(locked.Status(http.GetCaller())))
            .RequirePermission(Permission.UserRead);
        folder.MapPost("/pin", (LockedFolderPinRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.SetPin(http.GetCaller(), r.Pin);
            return TypedResults.NoContent();
        }).RequireSession();
        folder.MapPut("/pin", (LockedFolderPinRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.ChangePin(http.GetCaller(), http.ClientAddress(), r.Pin, r.Password, r.NewPin);
            return TypedResults.NoContent();
        }).RequireSession();
        folder.MapDelete("/pin", (LockedFolderPinRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.ResetPin(http.GetCaller(), http.ClientAddress(), r.Pin, r.Password);
            return TypedResults.NoContent();
        }).RequireSession();
        folder.MapPost("/unlock", (LockedFolderPinRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.Unlock(http.GetCaller(), http.ClientAddress(), r.Pin, r.Password);
            return TypedResults.Ok(locked.Status(http.GetCaller()));
        }).RequireSession();
        folder.MapPost("/lock", (HttpContext http, LockedFolderService locked) =>
        {
            locked.Lock(http.GetCaller());
            return TypedResults.NoContent();
        }).RequireSession();
        return api;
    }
}

/// <summary>
/// Every PIN request in one: set <c>{pin}</c>; change <c>{pin | password, newPin}</c>; remove and unlock
/// <c>{pin | password}</c>. Each endpoint reads the fields it needs.
/// </summary>
public sealed record LockedFolderPinRequest(string? Pin, string? Password, string? NewPin);
