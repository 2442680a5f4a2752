using PiVault.Server.Features.Auth;
using PiVault.Server.Features.LockedFolder;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// The locked folder's PIN and the session's unlock, as the app and web call them (<c>/auth/pin-code</c>,
/// <c>/auth/session/unlock|lock</c>, <c>/auth/status</c>), over <see cref="LockedFolderService"/>.
/// </summary>
public static class ImmichLockedFolderEndpoints
{
    public static RouteGroupBuilder MapImmichLockedFolder(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth");
        auth.MapGet("/status", (HttpContext http, LockedFolderService locked) =>
        {
            var status = locked.Status(http.GetCaller());
            return TypedResults.Ok(new ImmichAuthStatusDto(status.UnlockedUntil, status.Unlocked, true, status.PinSet, status.UnlockedUntil));
        }).RequireAuthenticated();
        auth.MapPost("/pin-code", (ImmichPinCodeRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.SetPin(http.GetCaller(), r.PinCode);
            return TypedResults.NoContent();
        }).RequireAuthenticated();
        auth.MapPut("/pin-code", (ImmichPinCodeRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.ChangePin(http.GetCaller(), http.ClientAddress(), r.PinCode, r.Password, r.NewPinCode);
            return TypedResults.NoContent();
        }).RequireAuthenticated();
        auth.MapDelete("/pin-code", (ImmichPinCodeRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.ResetPin(http.GetCaller(), http.ClientAddress(), r.PinCode, r.Password);
            return TypedResults.NoContent();
        }).RequireAuthenticated();
        auth.MapPost("/session/unlock", (ImmichPinCodeRequest r, HttpContext http, LockedFolderService locked) =>
        {
            locked.Unlock(http.GetCaller(), http.ClientAddress(), r.PinCode, r.Password);
            return TypedResults.NoContent();
        }).RequireAuthenticated();
        auth.MapPost("/session/lock", (HttpContext http, LockedFolderService locked) =>
        {
            locked.Lock(http.GetCaller());
            return TypedResults.NoContent();
        }).RequireAuthenticated();
        return api;
    }
}

/// <summary>
/// <c>PinCodeSetupDto</c>, <c>PinCodeChangeDto</c>, <c>PinCodeResetDto</c> and <c>SessionUnlockDto</c> in one: each
/// endpoint reads the fields its type has.
/// </summary>
public sealed record ImmichPinCodeRequest(string? PinCode, string? NewPinCode, string? Password);

/// <summary><c>AuthStatusResponseDto</c>: <c>isElevated</c> while the locked folder is open, until <c>pinExpiresAt</c>.</summary>
public sealed record ImmichAuthStatusDto(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt,
    bool IsElevated, bool Password, bool PinCode,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PinExpiresAt);
