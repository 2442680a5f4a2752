using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;

namespace PiVault.Server.Features.Login;

public sealed record BootstrapRequest(string? Email, string? Name, string? Password);

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>The token is also set as an HttpOnly cookie; non-browser clients send it as <c>Authorization: Bearer</c>.</summary>
public sealed record LoginResponse(string AccessToken, UserDto User);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record SetupStatusDto(bool SetupRequired);
