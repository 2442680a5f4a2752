namespace PiVault.Server.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, string[]? Permissions);

/// <summary>Renames a key and/or replaces its permissions; absent fields stay as they are.</summary>
public sealed record UpdateApiKeyRequest(string? Name, string[]? Permissions);

public sealed record ApiKeyDto(string Id, string Name, string[] Permissions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyDto From(ApiKeyRecord key) =>
        new(key.Id, key.Name, [.. key.Permissions.Order(StringComparer.Ordinal)], key.CreatedAt, key.UpdatedAt, key.LastUsedAt);
}

/// <summary>The only response that ever contains the secret: it is stored hashed and cannot be shown again.</summary>
public sealed record ApiKeyCreatedDto(string Secret, ApiKeyDto ApiKey);
