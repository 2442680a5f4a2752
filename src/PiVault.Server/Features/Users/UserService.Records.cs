using PiVault.Server.Http;

namespace PiVault.Server.Features.Users;

public sealed partial class UserService
{
    /// <summary>The full account row (timestamps included), for APIs that show more than <see cref="UserDto"/>.</summary>
    public UserRecord Record(string userId)
    {
        using var db = database.Open();
        return users.FindById(db, userId) ?? throw ApiException.Unauthorized("Your account no longer exists.");
    }

    public List<UserRecord> Records()
    {
        using var db = database.Open();
        return users.List(db);
    }
}
