using System.Net;
using System.Net.Http.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// X-Forwarded-For counts only from configured proxies. The test client connects from 127.0.0.1, the address the
/// framework's defaults trusted: a client on the box (or behind a proxy that passes the header through) could name a new
/// address on every guess and never reach the login limit.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const int Limit = 3;

    [Fact]
    public async Task Without_trusted_proxies_a_client_naming_a_new_forwarded_address_per_guess_is_still_stopped_by_the_login_limit()
    {
        await using var server = await StartAsync(proxies: null);
        using var client = server.Client();
        for (var i = 0; i < Limit; i++)
        {
            var guess = await LoginAsync(client, "wrong password", forwardedFor: $"203.0.113.{i + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }
        var blocked = await LoginAsync(client, TestServer.Password, forwardedFor: "198.51.100.77");
        Assert.Contains("Too many failed logins", await blocked.AssertProblemAsync(HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_is_not_a_configured_proxy_cannot_choose_its_address_even_from_loopback()
    {
        await using var server = await StartAsync(proxies: "10.9.9.9");
        using var client = server.Client();
        for (var i = 0; i < Limit; i++)
        {
            await LoginAsync(client, "wrong password", forwardedFor: $"203.0.113.{i + 1}");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(client, TestServer.Password, forwardedFor: "198.51.100.77")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_the_forwarded_client_address_is_the_one_the_limit_counts()
    {
        await using var server = await StartAsync(proxies: "127.0.0.1");
        using var client = server.Client();
        for (var i = 0; i < Limit; i++)
        {
            // A client that sends its own X-Forwarded-For through the proxy: the proxy appends the address it saw.
            await LoginAsync(client, "wrong password", forwardedFor: $"198.18.0.{i + 1}, 203.0.113.5");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(client, TestServer.Password, forwardedFor: "203.0.113.5")).StatusCode);
        // Another household member behind the same proxy is not locked out by that client's guesses.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, TestServer.Password, forwardedFor: "203.0.113.6")).StatusCode);
    }

    private static async Task<TestServer> StartAsync(string? proxies)
    {
        var server = await TestServer.StartAsync(o => o with
        {
            LoginAttemptsPerWindow = Limit,
            TrustedProxies = proxies is null ? [] : PiVault.Server.Configuration.OptionsLoader.ParseNetworks(proxies, "trusted-proxies"),
        });
        await server.BootstrapAdminAsync();
        return server;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string password, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = TestServer.AdminEmail, password }),
            Headers = { { "X-Forwarded-For", forwardedFor } },
        };
        return client.SendAsync(request);
    }
}
