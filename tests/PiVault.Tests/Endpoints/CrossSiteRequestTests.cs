using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// Cross-site request forgery over real HTTP: a request that carries the session cookie and changes something (or opens
/// the websocket) is refused with 403 when a browser says another site sent it (<c>Origin</c>, <c>Sec-Fetch-Site</c>),
/// and nothing changes; the web app's own requests, non-browser clients, bearer tokens and API keys are unaffected.
/// </summary>
public sealed class CrossSiteRequestTests(CrossSiteRequestTests.Household world) : IClassFixture<CrossSiteRequestTests.Household>
{
    private const string Evil = "http://evil.example";

    public static TheoryData<string, string> ForeignSenders() => new()
    {
        { "Origin", Evil },
        { "Origin", "null" },
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" }, // another service on the same host or domain: same site, other origin
    };

    [Theory]
    [MemberData(nameof(ForeignSenders))]
    public async Task Emptying_the_trash_with_the_cookie_from_another_site_is_refused_and_the_trash_is_kept(string header, string value)
    {
        var trashed = await world.TrashedPhotoAsync();
        var response = await world.SendAsync(HttpMethod.Post, "/api/v1/trash/empty", cookie: world.Session, headers: [(header, value)]);
        Assert.Contains("Cross-site request refused", await response.AssertProblemAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.True((await world.AdminClient.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{trashed}")).GetProperty("isTrashed").GetBoolean());
    }

    [Fact]
    public async Task Uploads_album_deletes_and_new_api_keys_from_another_site_are_refused_and_change_nothing()
    {
        var albumId = (await AlbumTests.Create(world.AdminClient, "Kept")).GetProperty("id").GetString()!;
        var keysBefore = (await world.AdminClient.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetArrayLength();
        var assetsBefore = (await world.AdminClient.GetFromJsonAsync<JsonElement>("/api/v1/assets")).GetProperty("total").GetInt64();

        var attempts = new (HttpMethod Method, string Path, HttpContent? Body)[]
        {
            (HttpMethod.Post, "/api/v1/assets", Uploads.Form(Uploads.RandomBytes(5000, 71), "forged.jpg")),
            (HttpMethod.Post, "/api/assets", Uploads.Form(Uploads.RandomBytes(5000, 72), "forged.jpg", partName: "assetData")),
            (HttpMethod.Delete, $"/api/v1/albums/{albumId}", null),
            (HttpMethod.Post, "/api/v1/api-keys", JsonContent.Create(new { name = "forged", permissions = new[] { "all" } })),
            (HttpMethod.Post, "/api/v1/admin/drives/prepare", JsonContent.Create(new { device = "/dev/sda", confirmation = "sda" })),
            (HttpMethod.Put, "/api/v1/admin/drives/3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77/role", JsonContent.Create(new { role = "backup" })),
            (HttpMethod.Post, "/api/v1/auth/logout", null),
        };
        foreach (var (method, path, body) in attempts)
        {
            var response = await world.SendAsync(method, path, body, cookie: world.Session, headers: [("Origin", Evil)]);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await world.AdminClient.GetAsync($"/api/v1/albums/{albumId}")).StatusCode);
        Assert.Equal(keysBefore, (await world.AdminClient.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetArrayLength());
        Assert.Equal(assetsBefore, (await world.AdminClient.GetFromJsonAsync<JsonElement>("/api/v1/assets")).GetProperty("total").GetInt64());
        // The session itself was not logged out by the forged request.
        Assert.Equal(HttpStatusCode.OK, (await world.SendAsync(HttpMethod.Get, "/api/v1/users/me", cookie: world.Session)).StatusCode);
    }

    [Fact]
    public async Task The_immich_cookie_is_held_to_the_same_rule_and_answers_in_immichs_error_shape()
    {
        var response = await world.SendAsync(HttpMethod.Post, "/api/assets", Uploads.Form(Uploads.RandomBytes(5000, 73), "forged.jpg", partName: "assetData"),
            immichCookie: world.Session, headers: [("Origin", Evil)]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("Cross-site request refused", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string?> SameOriginSenders() => new()
    {
        // Host header sent ("" = the server's address), Origin, Sec-Fetch-Site
        { "",                  "{self}",                         null },  // the web app, reached as the server's own address
        { "",                  null,                             "same-origin" },
        { "",                  "{self}",                         "same-origin" },
        { "",                  null,                             "none" },  // typed into the address bar
        { "",                  null,                             null },    // curl, scripts: no browser, nothing forged
        { "pivault.local",     "http://pivault.local",           null },    // the appliance by its mDNS name, port 80
        { "PIVAULT.local:80",  "http://pivault.local",           null },
        { "192.168.1.20:2283", "http://192.168.1.20:2283",       null },    // by its LAN address and port
        { "[fd00::20]:2283",   "http://[fd00::20]:2283",         null },
    };

    [Theory]
    [MemberData(nameof(SameOriginSenders))]
    public async Task The_web_apps_own_requests_and_non_browser_clients_still_work_with_the_cookie(string host, string? origin, string? fetchSite)
    {
        var trashed = await world.TrashedPhotoAsync();
        var headers = new List<(string, string)>();
        if (origin is not null)
        {
            headers.Add(("Origin", origin.Replace("{self}", world.Origin, StringComparison.Ordinal)));
        }
        if (fetchSite is not null)
        {
            headers.Add(("Sec-Fetch-Site", fetchSite));
        }
        var response = await world.SendAsync(HttpMethod.Post, $"/api/v1/assets/{trashed}/restore", cookie: world.Session, headers: headers, host: host);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("pivault.local", "http://pivault.local:8080")] // another service on the appliance
    [InlineData("pivault.local", "https://pivault.local.evil.example")]
    [InlineData("192.168.1.20:2283", "http://192.168.1.21:2283")]
    public async Task An_origin_that_differs_from_the_host_in_name_or_port_is_refused(string host, string origin)
    {
        var trashed = await world.TrashedPhotoAsync();
        var response = await world.SendAsync(HttpMethod.Post, $"/api/v1/assets/{trashed}/restore", cookie: world.Session, headers: [("Origin", origin)], host: host);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bearer_tokens_and_api_keys_are_not_cookies_and_pass_whatever_the_origin()
    {
        var key = await world.Server.CreateApiKeyAsync(world.Admin, "all");
        using (var bearer = world.Server.Client(world.Admin))
        {
            var trashed = await world.TrashedPhotoAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assets/{trashed}/restore") { Headers = { { "Origin", Evil }, { "Sec-Fetch-Site", "cross-site" } } };
            Assert.Equal(HttpStatusCode.NoContent, (await bearer.SendAsync(request)).StatusCode);
        }
        using (var withKey = world.Server.Client(key))
        {
            var trashed = await world.TrashedPhotoAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assets/{trashed}/restore") { Headers = { { "Origin", Evil } } };
            Assert.Equal(HttpStatusCode.NoContent, (await withKey.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task Reads_with_the_cookie_from_another_site_are_not_refused_the_browser_keeps_their_answers_from_that_site()
    {
        var response = await world.SendAsync(HttpMethod.Get, "/api/v1/users/me", cookie: world.Session, headers: [("Origin", Evil), ("Sec-Fetch-Site", "cross-site")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_websocket_handshake_with_the_cookie_from_another_site_is_refused_before_the_upgrade()
    {
        var foreign = await world.ConnectSocketAsync(Evil);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.Status);
        Assert.Null(foreign.Socket);

        var own = await world.ConnectSocketAsync(world.Origin);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, own.Status);
        own.Socket!.Abort();
        own.Socket.Dispose();
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_host_is_the_origin_to_match_and_from_anyone_else_it_is_ignored()
    {
        await using var proxied = await TestServer.StartAsync(o => o with { TrustedProxies = [System.Net.IPNetwork.Parse("127.0.0.1/32")] });
        var admin = await proxied.BootstrapAdminAsync();
        await using var direct = await TestServer.StartAsync(o => o with { TrustedProxies = [System.Net.IPNetwork.Parse("10.9.9.9/32")] });
        var directAdmin = await direct.BootstrapAdminAsync();
        foreach (var (server, session, expected) in new[] { (proxied, admin, HttpStatusCode.OK), (direct, directAdmin, HttpStatusCode.Forbidden) })
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trash/empty")
            {
                Headers = { { "Cookie", $"pivault_session={session.Secret}" }, { "Origin", "https://photos.example.com" },
                    { "X-Forwarded-For", "203.0.113.7" }, { "X-Forwarded-Host", "photos.example.com" }, { "X-Forwarded-Proto", "https" },
                },
            };
            Assert.Equal(expected, (await client.SendAsync(request)).StatusCode);
        }
    }

    public sealed class Household : IAsyncLifetime
    {
        private int seed = 1000;

        public TestServer Server { get; private set; } = null!;

        public Credential Admin { get; private set; } = null!;

        /// <summary>The admin's session token, sent by these tests as the <c>pivault_session</c> cookie (as the browser does).</summary>
        public string Session => Admin.Secret;

        public HttpClient AdminClient { get; private set; } = null!;

        /// <summary>The server's own origin, "http://127.0.0.1:port".</summary>
        public string Origin => Server.BaseAddress.GetLeftPart(UriPartial.Authority);

        public async Task InitializeAsync()
        {
            Server = await TestServer.StartAsync();
            Admin = await Server.BootstrapAdminAsync();
            AdminClient = Server.Client(Admin);
        }

        public async Task<string> TrashedPhotoAsync()
        {
            var (_, id, _) = await AdminClient.UploadAsync(Uploads.RandomBytes(5000, Interlocked.Increment(ref seed)), "photo.jpg");
            Assert.Equal(HttpStatusCode.NoContent, (await AdminClient.DeleteAsync($"/api/v1/assets/{id}")).StatusCode);
            return id;
        }

        public async Task<HttpResponseMessage> SendAsync(
            HttpMethod method, string path, HttpContent? body = null, string? cookie = null, string? immichCookie = null,
            IEnumerable<(string Name, string Value)>? headers = null, string host = "")
        {
            using var client = new HttpClient { BaseAddress = Server.BaseAddress };
            var request = new HttpRequestMessage(method, path) { Content = body };
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", $"pivault_session={cookie}");
            }
            if (immichCookie is not null)
            {
                request.Headers.Add("Cookie", $"immich_access_token={immichCookie}");
            }
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.Add(name, value);
            }
            if (host.Length > 0)
            {
                request.Headers.Host = host;
            }
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        /// <summary>Opens the Immich websocket with the session cookie, as a page from <paramref name="origin"/> would.</summary>
        public async Task<(HttpStatusCode Status, ClientWebSocket? Socket)> ConnectSocketAsync(string origin)
        {
            var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            socket.Options.SetRequestHeader("Cookie", $"pivault_session={Session}");
            socket.Options.SetRequestHeader("Origin", origin);
            var uri = new Uri($"ws://{Server.BaseAddress.Authority}/api/socket.io?EIO=4&transport=websocket");
            try
            {
                await socket.ConnectAsync(uri, CancellationToken.None);
                return (socket.HttpStatusCode, socket);
            }
            catch (WebSocketException)
            {
                var status = socket.HttpStatusCode;
                socket.Dispose();
                return (status, null);
            }
        }

        public async Task DisposeAsync()
        {
            AdminClient.Dispose();
            await Server.DisposeAsync();
        }
    }
}
