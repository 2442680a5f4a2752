using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Users;

/// <summary>What users change about themselves: name and email (the password has its own endpoint, with the current one).</summary>
public sealed partial class UserService
{
    public UserRecord UpdateMe(Caller caller, string? name, string? email)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var user = users.FindById(db, caller.UserId) ?? throw ApiException.Unauthorized("Your account no longer exists.");
        var newEmail = email is null ? user.Email : AccountRules.Email(email);
        if (!string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase) && users.FindByEmail(db, newEmail) is not null)
        {
            throw ApiException.BadRequest("Another user already has that email address.");
        }
        var newName = name is null ? user.Name : AccountRules.Name(name, user.Name);
        users.SetProfile(db, user.Id, newName, newEmail, time.GetUtcNow());
        transaction.Commit();
        return users.FindById(db, user.Id)!;
    }
}
