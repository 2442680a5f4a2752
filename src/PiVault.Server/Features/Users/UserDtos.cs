namespace PiVault.Server.Features.Users;

public sealed record UserDto(string Id, string Email, string Name, bool IsAdmin, bool IsDisabled, DateTimeOffset CreatedAt)
{
    public static UserDto From(UserRecord user) =>
        new(user.Id, user.Email, user.Name, user.IsAdmin, user.DisabledAt is not null, user.CreatedAt);
}

public sealed record CreateUserRequest(string? Email, string? Name, string? Password, bool IsAdmin = false);
