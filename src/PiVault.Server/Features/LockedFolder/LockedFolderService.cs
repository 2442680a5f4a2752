using System.Text.RegularExpressions;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Login;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.LockedFolder;

/// <summary>
/// The locked folder's PIN (migration 0033): set, changed and reset by its owner, hashed like passwords, and given
/// to unlock one session for <see cref="UnlockLifetime"/>. Wrong PINs are throttled as wrong passwords at login.
/// </summary>
public sealed partial class LockedFolderService(Database database, UserStore users, LoginThrottle throttle, TimeProvider time) : LockedFolderGate
{
    /// <summary>How long a session stays unlocked after the PIN (Immich's elevated session lasts as long).</summary>
    public static readonly TimeSpan UnlockLifetime = TimeSpan.FromMinutes(15);

    public LockedFolderStatus Status(Caller caller)
    {
        using var db = database.Open();
        var until = UnlockedUntil(db, caller);
        return new(PinHash(db, caller.UserId) is not null, until is not null, until);
    }

    /// <summary>The first PIN; 400 when one is set already (change or reset it instead).</summary>
    public void SetPin(Caller caller, string? pin)
    {
        var hash = PasswordHasher.Hash(ValidPin(pin, "pinCode"));
        using var db = database.Open();
        if (PinHash(db, caller.UserId) is not null)
        {
            throw ApiException.BadRequest("A PIN code is already set. Change it or reset it with your password.");
        }
        SavePin(db, caller.UserId, hash);
    }

    /// <summary>A new PIN, proven by the current PIN or the account password.</summary>
    public void ChangePin(Caller caller, string clientAddress, string? pin, string? password, string? newPin)
    {
        var hash = PasswordHasher.Hash(ValidPin(newPin, "newPinCode"));
        using var db = database.Open();
        Prove(db, caller, clientAddress, pin, password);
        SavePin(db, caller.UserId, hash);
    }

    /// <summary>No PIN any more (proven by PIN or password); the locked assets stay locked until a new PIN opens them.</summary>
    public void ResetPin(Caller caller, string clientAddress, string? pin, string? password)
    {
        using var db = database.Open();
        Prove(db, caller, clientAddress, pin, password);
        SavePin(db, caller.UserId, null);
        db.Execute("UPDATE sessions SET unlocked_until = NULL WHERE user_id = $user;", ("$user", caller.UserId));
    }

    /// <summary>Opens the locked folder for this session (a login session only: an API key has no session to unlock).</summary>
    public void Unlock(Caller caller, string clientAddress, string? pin, string? password)
    {
        if (caller.Kind != CredentialKind.Session)
        {
            throw ApiException.Forbidden("Only a logged-in session can unlock the locked folder, not an API key.");
        }
        using var db = database.Open();
        Prove(db, caller, clientAddress, pin, password);
        db.Execute("UPDATE sessions SET unlocked_until = $until WHERE id = $id;",
            ("$id", caller.CredentialId), ("$until", (time.GetUtcNow() + UnlockLifetime).ToDb()));
    }

    public void Lock(Caller caller)
    {
        using var db = database.Open();
        db.Execute("UPDATE sessions SET unlocked_until = NULL WHERE id = $id;", ("$id", caller.CredentialId));
    }

    public override bool IsUnlocked(Caller caller)
    {
        using var db = database.Open();
        return UnlockedUntil(db, caller) is not null;
    }

    private DateTimeOffset? UnlockedUntil(Microsoft.Data.Sqlite.SqliteConnection db, Caller caller)
    {
        if (caller.Kind != CredentialKind.Session)
        {
            return null;
        }
        var until = db.Query("SELECT unlocked_until FROM sessions WHERE id = $id AND unlocked_until IS NOT NULL;",
            r => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), ("$id", caller.CredentialId));
        return until is [var end] && end > time.GetUtcNow() ? end : null;
    }

    /// <summary>The PIN when one is given, else the password; wrong ones count against the caller like failed logins.</summary>
    private void Prove(Microsoft.Data.Sqlite.SqliteConnection db, Caller caller, string clientAddress, string? pin, string? password)
    {
        var throttleKey = $"pin-code:{caller.UserId}";
        if (throttle.RetryAfter(clientAddress, throttleKey) is { } wait)
        {
            throw ApiException.TooManyRequests($"Too many wrong PIN codes. Try again in {wait} seconds.", wait);
        }
        var user = users.FindById(db, caller.UserId) ?? throw ApiException.Unauthorized("Your account no longer exists.");
        bool ok;
        if (pin is not null)
        {
            var hash = PinHash(db, caller.UserId) ?? throw ApiException.BadRequest("No PIN code is set. Set one first.");
            ok = PasswordHasher.Verify(pin, hash);
        }
        else if (password is not null)
        {
            ok = PasswordHasher.Verify(password, user.PasswordHash);
        }
        else
        {
            throw ApiException.BadRequest("Give pinCode or password.");
        }
        if (!ok)
        {
            throttle.RecordFailure(clientAddress, throttleKey);
            // 400, not 401: the app signs out on a 401, and a mistyped PIN must not end the session.
            throw ApiException.BadRequest(pin is not null ? "Wrong PIN code." : "Wrong password.");
        }
        throttle.RecordSuccess(clientAddress, throttleKey);
    }

    private static string? PinHash(Microsoft.Data.Sqlite.SqliteConnection db, string userId) =>
        db.QuerySingle("SELECT pin_code_hash FROM users WHERE id = $id AND pin_code_hash IS NOT NULL;", r => r.GetString(0), ("$id", userId));

    private void SavePin(Microsoft.Data.Sqlite.SqliteConnection db, string userId, string? hash) =>
        db.Execute("UPDATE users SET pin_code_hash = $hash, updated_at = $now WHERE id = $id;",
            ("$id", userId), ("$hash", hash), ("$now", time.GetUtcNow().ToDb()));

    private static string ValidPin(string? pin, string field) => pin is not null && PinFormat().IsMatch(pin)
        ? pin
        : throw ApiException.BadRequest($"{field} must be 4 to 6 digits.");

    [GeneratedRegex(@"^\d{4,6}$")]
    private static partial Regex PinFormat();
}

/// <summary>Whether the caller's session holds the locked folder open: what every read and move of a locked asset asks.</summary>
public abstract class LockedFolderGate
{
    public abstract bool IsUnlocked(Caller caller);

    public void RequireUnlocked(Caller caller)
    {
        if (!IsUnlocked(caller))
        {
            throw ApiException.Forbidden("The locked folder is closed: unlock it with your PIN code first.");
        }
    }
}

public sealed record LockedFolderStatus(bool PinSet, bool Unlocked, DateTimeOffset? UnlockedUntil);
