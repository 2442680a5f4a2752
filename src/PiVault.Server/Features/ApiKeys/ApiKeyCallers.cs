using PiVault.Server.Data;
using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.ApiKeys;

/// <summary>Resolves <c>x-api-key</c> secrets for <see cref="CallerMiddleware"/>, noting each key's last use (at most every few minutes).</summary>
public sealed class ApiKeyCallers(Database database, ApiKeyStore apiKeys, TimeProvider time) : IApiKeyCallers
{
    public Caller? Resolve(string secret)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        var found = apiKeys.Find(db, SecretToken.Hash(secret));
        if (found is null)
        {
            return null;
        }
        if (found.Key.LastUsedAt is not { } lastUsed || now - lastUsed > CallerMiddleware.TouchInterval)
        {
            apiKeys.Touch(db, found.Key.Id, now);
        }
        return new Caller(found.Key.UserId, found.Email, found.Name, found.IsAdmin, CredentialKind.ApiKey, found.Key.Id, found.Key.Permissions);
    }
}
