using PiVault.Server.Data;
using PiVault.Server.Features.ApiKeys;

namespace PiVault.Server.Features.Auth;

/// <summary>
/// Resolves the request's credential to a <see cref="Caller"/> once. A session (cookie or
/// <c>Authorization: Bearer</c>) wins over an API key (<c>x-api-key</c>); a credential that is present but
/// invalid is never rescued by another, and leaves no caller (the endpoint's filter answers 401).
/// </summary>
public sealed class CallerMiddleware(RequestDelegate next, Database database, SessionStore sessions, ApiKeyStore apiKeys, TimeProvider time)
{
    public const string SessionCookie = "pivault_session";
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Sessions slide: each use keeps them alive this long.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    /// <summary>Last-seen times are written at most this often, so reads stay reads.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    public Task InvokeAsync(HttpContext context)
    {
        var caller = Resolve(context.Request);
        if (caller is not null)
        {
            context.SetCaller(caller);
        }
        return next(context);
    }

    private Caller? Resolve(HttpRequest request)
    {
        var sessionToken = SessionToken(request);
        if (sessionToken is not null)
        {
            return ResolveSession(sessionToken);
        }
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        return apiKey.Length > 0 ? ResolveApiKey(apiKey) : null;
    }

    public static string? SessionToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Cookies.TryGetValue(SessionCookie, out var cookie) && cookie.Length > 0 ? cookie : null;
    }

    private Caller? ResolveSession(string token)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        var session = sessions.Find(db, SecretToken.Hash(token), now);
        if (session is null)
        {
            return null;
        }
        if (now - session.LastSeenAt > TouchInterval)
        {
            sessions.Touch(db, session.SessionId, now, now + SessionLifetime);
        }
        return new Caller(session.UserId, session.Email, session.Name, session.IsAdmin, CredentialKind.Session, session.SessionId, Permission.Known);
    }

    private Caller? ResolveApiKey(string key)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        var found = apiKeys.Find(db, SecretToken.Hash(key));
        if (found is null)
        {
            return null;
        }
        if (found.Key.LastUsedAt is not { } lastUsed || now - lastUsed > TouchInterval)
        {
            apiKeys.Touch(db, found.Key.Id, now);
        }
        return new Caller(found.Key.UserId, found.Email, found.Name, found.IsAdmin, CredentialKind.ApiKey, found.Key.Id, found.Key.Permissions);
    }
}
