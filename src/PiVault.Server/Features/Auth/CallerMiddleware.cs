using PiVault.Server.Data;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Auth;

/// <summary>
/// Resolves the request's credential to a <see cref="Caller"/> once. A session token wins over an API key; a
/// credential that is present but invalid is never rescued by another, and leaves no caller (the endpoint's
/// filter answers 401). Immich clients' forms are accepted as well as PiVault's own, in Immich's order:
/// session from <c>x-immich-user-token</c>, <c>x-immich-session-token</c>, <c>?sessionKey=</c>,
/// <c>Authorization: Bearer</c>, the <c>immich_access_token</c> or <c>pivault_session</c> cookie; API key from
/// <c>x-api-key</c> or <c>?apiKey=</c>. A session that came in a cookie must also pass <see cref="CrossSiteRequests"/> when
/// the request changes something or opens a websocket: a browser attaches cookies to requests other sites start.
/// </summary>
public sealed class CallerMiddleware(RequestDelegate next, Database database, SessionStore sessions, IApiKeyCallers apiKeys, TimeProvider time)
{
    public const string SessionCookie = "pivault_session";
    public const string ApiKeyHeader = "x-api-key";
    public const string ImmichSessionCookie = "immich_access_token";

    private static readonly string[] SessionHeaders = ["x-immich-user-token", "x-immich-session-token"];

    /// <summary>Sessions slide: each use keeps them alive this long.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    /// <summary>Last-seen times (of sessions and API keys) are written at most this often, so reads stay reads.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    public Task InvokeAsync(HttpContext context)
    {
        var caller = Resolve(context.Request, out var fromCookie);
        if (caller is not null)
        {
            if (fromCookie && CrossSiteRequests.NeedsCheck(context) && CrossSiteRequests.IsCrossSite(context.Request))
            {
                throw ApiException.Forbidden(
                    "Cross-site request refused: this request carries your PiVault login cookie but was sent by another site. Use PiVault's own pages, or an API key.");
            }
            context.SetCaller(caller);
        }
        return next(context);
    }

    private Caller? Resolve(HttpRequest request, out bool fromCookie)
    {
        var sessionToken = SessionToken(request, out fromCookie);
        if (sessionToken is not null)
        {
            return ResolveSession(sessionToken);
        }
        var apiKey = NonEmpty(request.Headers[ApiKeyHeader].ToString()) ?? NonEmpty(request.Query["apiKey"].ToString());
        return apiKey is not null ? apiKeys.Resolve(apiKey) : null;
    }

    /// <summary>The session token in Immich's order; <paramref name="fromCookie"/> tells whether a browser could have sent it unasked.</summary>
    public static string? SessionToken(HttpRequest request, out bool fromCookie)
    {
        fromCookie = false;
        foreach (var header in SessionHeaders)
        {
            if (NonEmpty(request.Headers[header].ToString()) is { } token)
            {
                return token;
            }
        }
        if (NonEmpty(request.Query["sessionKey"].ToString()) is { } queryToken)
        {
            return queryToken;
        }
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        var cookie = Cookie(request, ImmichSessionCookie) ?? Cookie(request, SessionCookie);
        fromCookie = cookie is not null;
        return cookie;
    }

    private static string? Cookie(HttpRequest request, string name) =>
        request.Cookies.TryGetValue(name, out var value) ? NonEmpty(value) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
}
