using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Http;

namespace PiVault.Server.Features.ApiKeys;

/// <summary>API keys for scripts and apps: created with a chosen set of permissions, shown once, stored hashed.</summary>
public sealed class ApiKeyService(Database database, ApiKeyStore keys, IUserNotifier notifier, TimeProvider time)
{
    public const string SecretPrefix = "pv_";

    public ApiKeyCreatedDto Create(Caller caller, CreateApiKeyRequest request)
    {
        var name = ValidateName(request.Name);
        var permissions = ValidatePermissions(caller, request.Permissions);
        var now = time.GetUtcNow();
        var key = new ApiKeyRecord(Guid.CreateVersion7(now).ToString(), caller.UserId, name, permissions, now, now, null);
        var secret = SecretToken.New(SecretPrefix);
        using var db = database.Open();
        keys.Insert(db, key, SecretToken.Hash(secret));
        return new ApiKeyCreatedDto(secret, ApiKeyDto.From(key));
    }

    public List<ApiKeyDto> List(Caller caller)
    {
        using var db = database.Open();
        return keys.ListForUser(db, caller.UserId).ConvertAll(ApiKeyDto.From);
    }

    public ApiKeyDto Current(Caller caller)
    {
        if (caller.Kind != CredentialKind.ApiKey)
        {
            throw ApiException.BadRequest("This request was not made with an API key.");
        }
        using var db = database.Open();
        return ApiKeyDto.From(keys.FindForUser(db, caller.UserId, caller.CredentialId)!);
    }

    public ApiKeyDto Get(Caller caller, string id)
    {
        using var db = database.Open();
        return ApiKeyDto.From(keys.FindForUser(db, caller.UserId, id) ?? throw ApiException.NotFound("No API key with that id."));
    }

    public ApiKeyDto Update(Caller caller, string id, UpdateApiKeyRequest request)
    {
        var name = request.Name is null ? null : ValidateName(request.Name);
        var permissions = request.Permissions is null ? null : ValidatePermissions(caller, request.Permissions);
        using var db = database.Open();
        var key = keys.FindForUser(db, caller.UserId, id) ?? throw ApiException.NotFound("No API key with that id.");
        var updated = key with { Name = name ?? key.Name, Permissions = permissions ?? key.Permissions, UpdatedAt = time.GetUtcNow() };
        keys.Update(db, updated);
        return ApiKeyDto.From(updated);
    }

    /// <summary>What the caller may put on a key, sorted by name: the web app's permission picker lists these.</summary>
    public List<string> Grantable(Caller caller) =>
        [.. Permission.Known.Where(p => CanGrant(caller, p)).Order(StringComparer.Ordinal)];

    private static bool CanGrant(Caller caller, string permission) => permission == Permission.All
        ? caller.Kind != CredentialKind.ApiKey || caller.Permissions.Contains(Permission.All)
        : caller.Has(permission);

    public void Delete(Caller caller, string id)
    {
        using var db = database.Open();
        if (!keys.Delete(db, caller.UserId, id))
        {
            throw ApiException.NotFound("No API key with that id.");
        }
        notifier.ApiKeyDeleted(id);
    }

    private static string ValidateName(string? requested)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? "API key" : requested.Trim();
        return name.Length <= 100 ? name : throw ApiException.BadRequest("The key name can be at most 100 characters long.");
    }

    /// <summary>Known names only; admin permissions only for admins; a key cannot mint a key stronger than itself.</summary>
    private static HashSet<string> ValidatePermissions(Caller caller, string[]? requested)
    {
        if (requested is null || requested.Length == 0)
        {
            throw ApiException.BadRequest($"Choose at least one permission, or \"{Permission.All}\".");
        }
        var permissions = requested.ToHashSet(StringComparer.Ordinal);
        var unknown = permissions.Where(p => !Permission.Known.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw ApiException.BadRequest($"Unknown permission: {string.Join(", ", unknown)}.");
        }
        var beyondCaller = permissions.Where(p => !CanGrant(caller, p)).ToList();
        if (beyondCaller.Count > 0)
        {
            throw ApiException.Forbidden($"You cannot grant permissions you do not have: {string.Join(", ", beyondCaller)}.");
        }
        return permissions;
    }
}
