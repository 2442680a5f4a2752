using System.Net.Http.Headers;
using System.Text;

namespace PiVault.Tests.Endpoints.AuthorizationMatrix;

/// <summary>
/// The public share-link endpoints, by kind of link, visited without an account: an open album link; a link with a
/// password, before and after the visitor unlocked it (the unlock cookie); an expired link (410); a link whose owner
/// the admin disabled, and a key that never existed (both 404, alike). {linkPhoto} and {linkVideo} are in the column's
/// link; {outside} is a photo of A's in none.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private static readonly LinkRow[] SharedLinkRows =
    [
        // endpoint                                              path                                                   body                                  open locked unlocked expired disabled unknown
        new("GET /api/v1/shared/{key}",                          "/api/v1/shared/{key}",                                null,                                 200, 401, 200, 410, 404, 404),
        new("POST /api/v1/shared/{key}/unlock",                  "/api/v1/shared/{key}/unlock",                         """{"password":"open sesame 123"}""", 204, 204, 204, 410, 404, 404),
        new("POST /api/v1/shared/{key}/unlock",                  "/api/v1/shared/{key}/unlock",                         """{"password":"a wrong guess"}""",   204, 401, 401, 410, 404, 404),
        new("GET /api/v1/shared/{key}/assets/{id}/thumbnail",    "/api/v1/shared/{key}/assets/{linkPhoto}/thumbnail",   null,                                 200, 401, 200, 410, 404, 404),
        new("GET /api/v1/shared/{key}/assets/{id}/thumbnail",    "/api/v1/shared/{key}/assets/{outside}/thumbnail",     null,                                 404, 401, 404, 410, 404, 404),
        new("GET /api/v1/shared/{key}/assets/{id}/original",     "/api/v1/shared/{key}/assets/{linkPhoto}/original",    null,                                 200, 401, 200, 410, 404, 404),
        new("GET /api/v1/shared/{key}/assets/{id}/original",     "/api/v1/shared/{key}/assets/{outside}/original",      null,                                 404, 401, 404, 410, 404, 404),
        new("GET /api/v1/shared/{key}/download",                 "/api/v1/shared/{key}/download",                       null,                                 200, 401, 200, 410, 404, 404),
        new("GET /api/v1/shared/{key}/assets/{id}/playback",     "/api/v1/shared/{key}/assets/{linkVideo}/playback",    null,                                 200, 401, 200, 410, 404, 404),
    ];

    public static TheoryData<string> SharedLinkRowNames() => [.. SharedLinkRows.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(SharedLinkRowNames))]
    public async Task Each_kind_of_share_link_gets_the_status_in_the_table(string name)
    {
        var row = SharedLinkRows.Single(r => r.Name == name);
        var failures = new List<string>();
        foreach (var column in Enum.GetValues<LinkColumn>())
        {
            var (key, photo, video) = world.Links[column];
            var path = await FillAsync(row.Path.Replace("{key}", key, StringComparison.Ordinal)
                .Replace("{linkPhoto}", photo, StringComparison.Ordinal).Replace("{linkVideo}", video, StringComparison.Ordinal));
            using var anonymous = new HttpClient { BaseAddress = world.Server.BaseAddress };
            var visitor = column == LinkColumn.Unlocked ? world.UnlockedVisitor : anonymous;
            using var request = new HttpRequestMessage(new HttpMethod(row.Method), path)
            {
                Content = row.Body is null ? null : new StringContent(row.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            using var response = await visitor.SendAsync(request);
            if ((int)response.StatusCode != row.Expected(column))
            {
                failures.Add($"  {column}: expected {row.Expected(column)}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(failures.Count == 0, $"{row.Name}\n{string.Join('\n', failures)}");
    }

    public sealed record LinkRow(string Endpoint, string Path, string? Body, int Open, int Locked, int Unlocked, int Expired, int OwnerDisabled, int Unknown)
    {
        public string Method => Endpoint[..Endpoint.IndexOf(' ', StringComparison.Ordinal)];

        public string Name => $"{Method} {Path} {Body}".TrimEnd();

        public int Expected(LinkColumn column) => column switch
        {
            LinkColumn.Open => Open,
            LinkColumn.Locked => Locked,
            LinkColumn.Unlocked => Unlocked,
            LinkColumn.Expired => Expired,
            LinkColumn.OwnerDisabled => OwnerDisabled,
            _ => Unknown,
        };
    }
}
