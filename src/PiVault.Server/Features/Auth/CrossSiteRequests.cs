namespace PiVault.Server.Features.Auth;

/// <summary>
/// The rule against cross-site request forgery: a request authenticated by the session cookie that changes something
/// (any method but GET, HEAD, OPTIONS, TRACE) or opens a websocket must come from PiVault's own pages. Browsers send the
/// cookie with requests other sites start (SameSite=Lax only holds back cross-site POSTs, and another service on the
/// same host or domain is the same "site"), so the cookie alone does not show that the user meant the request.
/// Header and API-key credentials are never sent by a browser on its own, so they are not checked. The policy, and why
/// a request with neither header is let through, is written down in docs/security-requests.md.
/// </summary>
public static class CrossSiteRequests
{
    public const string FetchSiteHeader = "Sec-Fetch-Site";

    /// <summary>True when a cookie-authenticated request of this kind must pass <see cref="IsCrossSite"/>.</summary>
    public static bool NeedsCheck(HttpContext context)
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        return !safe || context.WebSockets.IsWebSocketRequest;
    }

    /// <summary>
    /// <c>Sec-Fetch-Site</c>, when the browser sends it, decides (a page cannot set it, and it sees through proxies that
    /// rewrite Host): only <c>same-origin</c> and <c>none</c> (the user typed or bookmarked the address) pass. Browsers
    /// without it send <c>Origin</c> on cross-origin requests: it must name the host and port the request was sent to
    /// (<see cref="HttpRequest.Host"/>, which a trusted proxy's X-Forwarded-Host sets). With neither header the client
    /// is not a browser (curl, scripts, Immich apps), and nothing can have forged the request: it passes.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        var fetchSite = request.Headers[FetchSiteHeader].ToString();
        if (fetchSite.Length > 0)
        {
            return !(string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase)
                || string.Equals(fetchSite, "none", StringComparison.OrdinalIgnoreCase));
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !IsOriginOf(origin, request.Host);
    }

    /// <summary>
    /// "http://pivault.local" is the origin of Host "pivault.local" and of "pivault.local:80"; a Host without a port was
    /// reached on the default port of the scheme the browser used, which for a same-origin request is the origin's
    /// scheme (so "http://pivault.local:2283" is not the origin of Host "pivault.local"). "null" (sandboxed frames,
    /// redirects across sites) is nobody's origin.
    /// </summary>
    public static bool IsOriginOf(string origin, HostString host)
    {
        if (!host.HasValue || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        var hostPort = host.Port ?? (uri.Scheme == "https" ? 443 : 80);
        return string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == hostPort;
    }
}
