namespace PiVault.Server.Features.Auth;

/// <summary>
/// Who an API key's secret speaks for: the key's owner with the key's permissions, or null for no such key. The ApiKeys
/// feature answers (<c>ApiKeyCallers</c>); <see cref="CallerMiddleware"/> asks, so Auth does not depend on ApiKeys, which
/// depends on Auth for callers and permissions.
/// </summary>
public interface IApiKeyCallers
{
    Caller? Resolve(string secret);
}
