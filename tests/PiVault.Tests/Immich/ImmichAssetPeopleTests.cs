using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Data;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// <c>people</c> on GET /api/assets/{id} (what the app's and web's asset page shows), over real HTTP and SQLite: the
/// owner's people on the photo with their faces' boxes, faces without a person left out, and nothing for a member who
/// sees the photo through a shared album.
/// </summary>
public sealed class ImmichAssetPeopleTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task The_owner_sees_the_photos_people_with_their_face_boxes_and_a_shared_album_member_sees_none()
    {
        var owner = await server.BootstrapAdminAsync();
        var member = await server.CreateUserAsync(owner, "member@example.com");
        using var ownerPhone = server.Client(owner);
        using var memberPhone = server.Client(member);
        var bytes = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg"));
        var upload = await ownerPhone.PostAsync("/api/assets", ImmichClient.MobileUpload(bytes, "Landscape_1.jpg", "Landscape_1.jpg"));
        var assetId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(ownerPhone, TimeSpan.FromMinutes(1));
        var (ada, adaFaces, unassigned) = PlantPeople(owner.UserId, assetId);

        var seen = await ownerPhone.CallAsync(HttpMethod.Get, $"/api/assets/{assetId}", null, HttpStatusCode.OK, "AssetResponseDto");
        var person = Assert.Single(seen.GetProperty("people").EnumerateArray());
        Assert.Equal((ada, "Ada", "1990-04-01", false), (person.GetProperty("id").GetString(), person.GetProperty("name").GetString(),
            person.GetProperty("birthDate").GetString(), person.GetProperty("isHidden").GetBoolean()));
        Assert.Equal($"/api/people/{ada}/thumbnail", person.GetProperty("thumbnailPath").GetString());
        var boxes = person.GetProperty("faces").EnumerateArray()
            .Select(f => (f.GetProperty("id").GetString(), f.GetProperty("boundingBoxX1").GetInt32(), f.GetProperty("boundingBoxY1").GetInt32(),
                f.GetProperty("boundingBoxX2").GetInt32(), f.GetProperty("boundingBoxY2").GetInt32(), f.GetProperty("imageWidth").GetInt32(),
                f.GetProperty("imageHeight").GetInt32()))
            .ToList();
        Assert.Equal([(adaFaces[0], 100, 120, 300, 360, 1440, 1080), (adaFaces[1], 700, 140, 880, 380, 1440, 1080)], boxes);
        Assert.DoesNotContain(unassigned, seen.GetProperty("people").ToString(), StringComparison.Ordinal);

        var albumId = (await ownerPhone.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Family", assetIds = new[] { assetId } },
            HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK,
            (await ownerPhone.PutAsJsonAsync($"/api/v1/albums/{albumId}/users", new { userIds = new[] { member.UserId }, role = "viewer" })).StatusCode);
        var shared = await memberPhone.CallAsync(HttpMethod.Get, $"/api/assets/{assetId}", null, HttpStatusCode.OK, "AssetResponseDto");
        Assert.Equal(assetId, shared.GetProperty("id").GetString());
        Assert.Empty(shared.GetProperty("people").EnumerateArray());
    }

    /// <summary>A named person with two faces on the photo and a third face nobody has, as the people step leaves them.</summary>
    private (string Person, string[] Faces, string Unassigned) PlantPeople(string ownerId, string assetId)
    {
        var faces = server.Services.GetRequiredService<FaceStore>();
        var people = server.Services.GetRequiredService<PersonStore>();
        var now = DateTimeOffset.UtcNow;
        var personId = Guid.NewGuid().ToString();
        string Face(string? person, int x1, int y1, int x2, int y2)
        {
            var id = Guid.NewGuid().ToString();
            using var db = server.Services.GetRequiredService<Database>().Open();
            faces.Insert(db, new FaceRecord(0, id, assetId, ownerId, person, 1440, 1080, x1, y1, x2, y2, 0.9, FaceRecord.MachineLearning,
                VectorTable.Blob(new float[] { 1, 0 }), "planted", now, now, 0));
            return id;
        }
        using (var db = server.Services.GetRequiredService<Database>().Open())
        {
            people.Insert(db, new PersonRecord(personId, ownerId, "Ada", "1990-04-01", false, false, null, null, now, now, 0));
        }
        var first = Face(personId, 100, 120, 300, 360);
        var second = Face(personId, 700, 140, 880, 380);
        return (personId, [first, second], Face(null, 400, 100, 560, 300));
    }
}
