using Microsoft.AspNetCore.Http;
using PiVault.Server.Features.Auth;

namespace PiVault.Tests.Unit;

/// <summary>The origin rule, case by case; expected answers follow from RFC 6454 origins and the Fetch spec's Sec-Fetch-Site values.</summary>
public sealed class CrossSiteRequestsTests
{
    [Theory]
    // Host header            Origin                              Sec-Fetch-Site  cross-site?
    [InlineData("pivault.local", "http://pivault.local", null, false)]
    [InlineData("pivault.local:80", "http://pivault.local", null, false)]
    [InlineData("pivault.local", "https://pivault.local", null, false)]
    [InlineData("pivault.local", "https://pivault.local:443", null, false)]
    [InlineData("PiVault.Local", "http://pivault.local", null, false)]
    [InlineData("192.168.1.20:2283", "http://192.168.1.20:2283", null, false)]
    [InlineData("[fd00::20]:2283", "http://[fd00::20]:2283", null, false)]
    [InlineData("pivault.local", "http://pivault.local:2283", null, true)]
    [InlineData("192.168.1.20:2283", "http://192.168.1.20", null, true)]
    [InlineData("192.168.1.20:2283", "http://192.168.1.20:8080", null, true)]
    [InlineData("pivault.local", "http://evil.example", null, true)]
    [InlineData("pivault.local", "http://pivault.local.evil.example", null, true)]
    [InlineData("pivault.local", "null", null, true)]
    [InlineData("pivault.local", "file://pivault.local", null, true)]
    [InlineData("pivault.local", "not a url", null, true)]
    [InlineData("", "http://pivault.local", null, true)]
    // The browser's own verdict wins over Origin (it holds behind proxies that rewrite Host).
    [InlineData("127.0.0.1:2283", "https://photos.example.com", "same-origin", false)]
    [InlineData("pivault.local", null, "none", false)]
    [InlineData("pivault.local", "http://pivault.local", "cross-site", true)]
    [InlineData("pivault.local", "http://pivault.local", "same-site", true)]
    [InlineData("pivault.local", null, "cross-site", true)]
    // No browser: nothing to forge with.
    [InlineData("pivault.local", null, null, false)]
    public void A_request_is_cross_site_unless_the_browser_or_its_origin_says_it_came_from_this_host(string host, string? origin, string? fetchSite, bool crossSite)
    {
        var request = new DefaultHttpContext().Request;
        request.Host = host.Length > 0 ? new HostString(host) : default;
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }
        if (fetchSite is not null)
        {
            request.Headers[CrossSiteRequests.FetchSiteHeader] = fetchSite;
        }
        Assert.Equal(crossSite, CrossSiteRequests.IsCrossSite(request));
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    public void Every_method_but_the_safe_ones_is_checked(string method, bool checkedRequest)
    {
        var context = new DefaultHttpContext { Request = { Method = method } };
        Assert.Equal(checkedRequest, CrossSiteRequests.NeedsCheck(context));
    }
}
