using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Users;

/// <summary>Household accounts: the admin creates, lists, disables and re-enables users.</summary>
public sealed partial class UserService(Database database, UserStore users, SessionStore sessions, IUserNotifier notifier, TimeProvider time)
{
    public UserDto Me(Caller caller)
    {
        using var db = database.Open();
        return UserDto.From(users.FindById(db, caller.UserId) ?? throw ApiException.Unauthorized("Your account no longer exists."));
    }

    public List<UserDto> List()
    {
        using var db = database.Open();
        return users.List(db).ConvertAll(UserDto.From);
    }

    public UserDto Create(CreateUserRequest request)
    {
        var email = AccountRules.Email(request.Email);
        var user = NewUser(email, AccountRules.Name(request.Name, email), AccountRules.Password(request.Password), request.IsAdmin);
        using var db = database.Open();
        try
        {
            users.Insert(db, user);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the email is taken
        {
            throw ApiException.Conflict($"A user with the email {email} already exists.");
        }
        return UserDto.From(user);
    }

    /// <summary>A disabled user cannot log in; their sessions end at once and their API keys stop working.</summary>
    public UserDto SetDisabled(Caller admin, string id, bool disabled)
    {
        if (disabled && id == admin.UserId)
        {
            throw ApiException.BadRequest("You cannot disable your own account.");
        }
        var now = time.GetUtcNow();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        if (!users.SetDisabled(db, id, disabled ? now : null, now))
        {
            throw ApiException.NotFound("No user with that id.");
        }
        if (disabled)
        {
            sessions.DeleteForUser(db, id);
        }
        transaction.Commit();
        if (disabled)
        {
            notifier.UserDisabled(id);
        }
        return UserDto.From(users.FindById(db, id)!);
    }

    public UserRecord NewUser(string email, string name, string password, bool isAdmin)
    {
        var now = time.GetUtcNow();
        return new UserRecord(Guid.CreateVersion7(now).ToString(), email, name, PasswordHasher.Hash(password), isAdmin, null, now, now);
    }
}
