using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints.AuthorizationMatrix;

/// <summary>
/// Who may call what, as one table per API (<c>AuthorizationMatrixTests.ApiV1.cs</c>, <c>….Immich.cs</c>) and one for
/// share links (<c>….SharedLinks.cs</c>): the expected status of every endpoint for every kind of caller, over real HTTP
/// against one server. The endpoints come from the running app's route table, so a new endpoint without a row fails
/// <see cref="Every_endpoint_of_both_apis_has_a_row"/>.
/// </summary>
public sealed partial class AuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    public static TheoryData<string> Rows() => [.. ApiV1.Concat(Immich).Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_caller_gets_the_status_in_the_table(string name)
    {
        var row = ApiV1.Concat(Immich).Single(r => r.Name == name);
        var failures = new List<string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            var (status, body) = await SendAsync(row, who);
            if (status != row.Expected(who))
            {
                failures.Add($"  {who}: expected {row.Expected(who)}, got {status} {body}");
            }
            if (row.Cleanup is { } cleanup)
            {
                using var admin = world.Server.Client(world.Admin);
                await admin.SendAsync(new HttpRequestMessage(new HttpMethod(cleanup.Split(' ')[0]), cleanup.Split(' ')[1]));
            }
        }
        Assert.True(failures.Count == 0, $"{row.Name}\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void Every_endpoint_of_both_apis_has_a_row()
    {
        var endpoints = world.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (Key: $"{m} {Route(e.RoutePattern.RawText)}", e.DisplayName)))
            .ToList();
        var rows = ApiV1.Concat(Immich).Select(r => r.Endpoint).Concat(SharedLinkRows.Select(r => r.Endpoint)).ToHashSet(StringComparer.Ordinal);

        var missing = endpoints.Where(e => !rows.Contains(e.Key)).Select(e => $"{e.Key}   ({e.DisplayName})").Order(StringComparer.Ordinal).ToList();
        var stale = rows.Except(endpoints.Select(e => e.Key)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Endpoints without a row in the authorization matrix (add one):\n  {string.Join("\n  ", missing)}");
        Assert.True(stale.Count == 0, $"Rows for endpoints that do not exist:\n  {string.Join("\n  ", stale)}");
    }

    private static string Route(string? raw) => raw is null or "/" ? "/" : "/" + raw.Trim('/');

    private async Task<(int Status, string Body)> SendAsync(Row row, Who who)
    {
        using var client = await ClientAsync(row, who);
        var path = await FillAsync(row.Path);
        if (row.Socket)
        {
            return (await ProbeSocketAsync(client, path), "");
        }
        // Any-method endpoints are tried with POST: a GET of a page path would be the web app's.
        using var request = new HttpRequestMessage(new HttpMethod(row.Method == "*" ? "POST" : row.Method), path) { Content = await BodyAsync(row.Body) };
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length > 300 ? body[..300] : body);
    }

    private async Task<HttpClient> ClientAsync(Row row, Who who) => who switch
    {
        Who.Anonymous => new HttpClient { BaseAddress = world.Server.BaseAddress },
        Who.A => world.Server.Client(row.FreshSessions ? await world.FreshSessionAsync(world.A) : world.A),
        Who.B => world.Server.Client(row.FreshSessions ? await world.FreshSessionAsync(world.B) : world.B),
        Who.Admin => world.Server.Client(row.FreshSessions ? await world.FreshSessionAsync(world.Admin) : world.Admin),
        Who.KeyWith => world.Server.Client(await world.KeyAsync(row.Permission, holding: true)),
        _ => world.Server.Client(await world.KeyAsync(row.Permission, holding: false)),
    };

    /// <summary>Replaces each {placeholder} with its value; a placeholder used twice in one request gets one value.</summary>
    private async Task<string> FillAsync(string template)
    {
        var names = Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            template = template.Replace($"{{{name}}}", await world.ValueAsync(name), StringComparison.Ordinal);
        }
        return template;
    }

    private async Task<HttpContent?> BodyAsync(string? template) => template switch
    {
        null => null,
        Upload => Uploads.Form(world.FreshBytes(), "photo.jpg"),
        Picture => Uploads.Form(MatrixWorld.Picture, "me.jpg"),
        _ => new StringContent(await FillAsync(template), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };

    /// <summary>
    /// The Immich websocket: 101 when the server greets the caller (<c>on_server_version</c>), 401 when it answers
    /// <c>error: "unauthorized"</c> and hangs up (as Immich does), or the handshake's HTTP status when it is refused.
    /// </summary>
    private async Task<int> ProbeSocketAsync(HttpClient client, string path)
    {
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        foreach (var header in client.DefaultRequestHeaders)
        {
            socket.Options.SetRequestHeader(header.Key, string.Join(", ", header.Value));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{world.Server.BaseAddress.Authority}{path}"), timeout.Token);
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return 0;
            }
            var packet = Encoding.UTF8.GetString(buffer, 0, received.Count);
            if (packet.StartsWith("0{", StringComparison.Ordinal))
            {
                await socket.SendAsync("40"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token); // join the main namespace
            }
            else if (packet.Contains("\"on_server_version\"", StringComparison.Ordinal))
            {
                return 101;
            }
            else if (packet.Contains("\"unauthorized\"", StringComparison.Ordinal))
            {
                return 401;
            }
        }
    }

    [GeneratedRegex(@"\{([a-zA-Z-]+)\}")]
    private static partial Regex Placeholder();

    /// <summary>In a row's body: a multipart upload of a fresh photo.</summary>
    private const string Upload = "<upload>";

    /// <summary>A profile picture (<c>POST /api/users/profile-image</c>).</summary>
    private const string Picture = "<picture>";

    /// <summary>
    /// One endpoint (method and route as the app maps them) called as <see cref="Path"/> with <see cref="Body"/>
    /// (JSON; {placeholders} filled from <see cref="MatrixWorld"/>), and the status each caller gets. The key columns use a
    /// key of A's (of the admin's for admin-only permissions) holding only <see cref="Permission"/>, or every other one;
    /// without a permission, "all" and one unrelated permission.
    /// </summary>
    public sealed record Row(string Endpoint, string Path, string? Body, string? Permission, int Anonymous, int A, int B, int Admin, int KeyWith, int KeyWithout)
    {
        /// <summary>The session columns log in afresh per cell (the request ends the session).</summary>
        public bool FreshSessions { get; init; }

        /// <summary>An admin request after each cell that puts back what the row changed ("POST /path").</summary>
        public string? Cleanup { get; init; }

        /// <summary>A websocket handshake, answered by <see cref="ProbeSocketAsync"/>.</summary>
        public bool Socket { get; init; }

        public string Method => Endpoint[..Endpoint.IndexOf(' ', StringComparison.Ordinal)];

        public string Name => Path == Endpoint[(Method.Length + 1)..] ? Endpoint : $"{Endpoint}  as  {Method} {Path}";

        public int Expected(Who who) => who switch
        {
            Who.Anonymous => Anonymous,
            Who.A => A,
            Who.B => B,
            Who.Admin => Admin,
            Who.KeyWith => KeyWith,
            _ => KeyWithout,
        };
    }
}
