using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Login;

/// <summary>First-run bootstrap, login, logout and password changes.</summary>
public sealed class AuthService(Database database, UserStore users, SessionStore sessions, UserService userService, LoginThrottle throttle, IUserNotifier notifier, TimeProvider time)
{
    public bool SetupRequired()
    {
        using var db = database.Open();
        return users.Count(db) == 0;
    }

    /// <summary>Creates the first admin. The count and the insert share one write transaction, so two racing wizards cannot both succeed.</summary>
    public UserDto Bootstrap(BootstrapRequest request)
    {
        var email = AccountRules.Email(request.Email);
        var user = userService.NewUser(email, AccountRules.Name(request.Name, email), AccountRules.Password(request.Password), isAdmin: true);
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        if (users.Count(db) > 0)
        {
            throw ApiException.Conflict("PiVault is already set up: an admin exists. Log in instead.");
        }
        users.Insert(db, user);
        transaction.Commit();
        return UserDto.From(user);
    }

    public LoginResponse Login(LoginRequest request, string clientAddress, string? device)
    {
        var email = request.Email?.Trim() ?? "";
        if (throttle.RetryAfter(clientAddress, email) is { } wait)
        {
            throw ApiException.TooManyRequests($"Too many failed logins. Try again in {wait} seconds.", wait);
        }
        using var db = database.Open();
        var user = email.Length > 0 ? users.FindByEmail(db, email) : null;
        var passwordOk = PasswordHasher.Verify(request.Password ?? "", user?.PasswordHash);
        if (user is null || !passwordOk)
        {
            throttle.RecordFailure(clientAddress, email);
            throw ApiException.Unauthorized("Wrong email or password.");
        }
        if (user.DisabledAt is not null)
        {
            throw ApiException.Unauthorized("This account is disabled. Ask the admin to enable it.");
        }
        throttle.RecordSuccess(clientAddress, email);
        var token = SecretToken.New();
        var now = time.GetUtcNow();
        sessions.Insert(db, Guid.CreateVersion7(now).ToString(), user.Id, SecretToken.Hash(token), device, now, now + CallerMiddleware.SessionLifetime);
        return new LoginResponse(token, UserDto.From(user));
    }

    public void Logout(Caller caller)
    {
        if (caller.Kind == CredentialKind.Session)
        {
            using var db = database.Open();
            sessions.Delete(db, caller.CredentialId);
            notifier.SessionEnded(caller.CredentialId);
        }
    }

    /// <summary>Changing the password ends every other session of the account.</summary>
    public void ChangePassword(Caller caller, ChangePasswordRequest request)
    {
        var newPassword = AccountRules.Password(request.NewPassword);
        using var db = database.Open();
        var user = users.FindById(db, caller.UserId) ?? throw ApiException.Unauthorized("Your account no longer exists.");
        if (!PasswordHasher.Verify(request.CurrentPassword ?? "", user.PasswordHash))
        {
            throw ApiException.BadRequest("The current password is wrong.");
        }
        using var transaction = db.BeginTransaction();
        users.SetPasswordHash(db, user.Id, PasswordHasher.Hash(newPassword), time.GetUtcNow());
        sessions.DeleteForUser(db, user.Id, exceptSessionId: caller.CredentialId);
        transaction.Commit();
        notifier.OtherSessionsEnded(user.Id, caller.CredentialId);
    }
}
