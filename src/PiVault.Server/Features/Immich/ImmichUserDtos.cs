using PiVault.Server.Features.Login;

namespace PiVault.Server.Features.Immich;

public sealed record ImmichSignUpRequest(string? Email, string? Name, string? Password);

public sealed record ImmichLoginRequest(string? Email, string? Password);

public sealed record ImmichLoginResponse(
    string AccessToken, bool IsAdmin, bool IsOnboarded, string Name, string ProfileImagePath, bool ShouldChangePassword, string UserEmail, string UserId);

public sealed record ImmichLogoutResponse(string RedirectUri, bool Successful);

public sealed record ImmichChangePasswordRequest(string? Password, string? NewPassword, bool? InvalidateSessions);

public sealed record ImmichValidateTokenResponse(bool AuthStatus);

public sealed record ImmichUserLicenseDto(DateTimeOffset ActivatedAt, string ActivationKey, string LicenseKey);

public sealed record ImmichUserAdminDto(
    string AvatarColor, string ClusterGroupId, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, string Email, string Id, bool IsAdmin,
    ImmichUserLicenseDto? License, string Name, string OauthId, DateTimeOffset ProfileChangedAt, string ProfileImagePath,
    long? QuotaSizeInBytes, long? QuotaUsageInBytes, bool ShouldChangePassword, string Status, string? StorageLabel, DateTimeOffset UpdatedAt);

public sealed record ImmichApiKeyCreateRequest(string? Name, string[]? Permissions);

public sealed record ImmichApiKeyDto(DateTimeOffset CreatedAt, string Id, string Name, string[] Permissions, DateTimeOffset UpdatedAt);

/// <summary>The key's fields both nested and flat, as Immich 3.2.2 answers; the secret is shown only here.</summary>
public sealed record ImmichApiKeyCreatedDto(
    ImmichApiKeyDto ApiKey, DateTimeOffset CreatedAt, string Id, string Name, string[] Permissions, string Secret, DateTimeOffset UpdatedAt);
