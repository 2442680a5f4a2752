using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Ml.Clip;
using PiVault.Ml.Ocr;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Ocr;
using PiVault.Server.Features.SmartSearch;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml.Clip;

/// <summary>
/// The <c>ocr</c> filter of smart search (Immich's <c>/search/smart</c> takes the metadata search's filters): the photos
/// ranked by closeness are only those whose recognised text contains the words. The lines are planted through the OCR
/// step's own store, the embeddings in the index (service tier) or made from real previews (HTTP).
/// </summary>
public sealed class SmartSearchOcrFilterTests
{
    [Fact]
    public async Task Only_photos_whose_text_contains_the_words_are_ranked_also_past_the_nearest_ones()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var ids = Enumerable.Range(0, 4).Select(i => tier.Photo(ann, 500 + i)).ToList();
        ClipTestModel.Install(tier.Options.ModelsRoot);
        var query = tier.Get<SmartSearchModel>().EmbedText("a receipt");
        using (var db = tier.Database.Open())
        {
            var index = tier.Get<EmbeddingIndex>();
            index.Ensure(db, ClipTestModel.Dimensions);
            var random = new Random(7);
            for (var i = 0; i < 300; i++) // nearer than every photo: more than the first k the search asks vec0 for
            {
                index.Put(db, $"not-an-asset-{i}", ann.UserId, Towards(query, random.Next(1, 10)));
            }
            for (var i = 0; i < ids.Count; i++)
            {
                index.Put(db, ids[i], ann.UserId, Towards(query, 20 + 10 * i));
            }
            var ocr = tier.Get<OcrStore>();
            ocr.Replace(db, ids[0], [Line("Hardware Store"), Line("RECEIPT no. 42")]);
            ocr.Replace(db, ids[1], [Line("Bakery opening hours")]);
            ocr.Replace(db, ids[3], [Line("receipt")]);
        }

        Assert.Equal([ids[0], ids[3]], Search(tier, ann, new AssetQuery { Ocr = "receipt" }));
        Assert.Equal([ids[0], ids[3]], Search(tier, ann, new AssetQuery { Ocr = "  Receipt " }));
        Assert.Equal([ids[0]], Search(tier, ann, new AssetQuery { Ocr = "42" })); // a fragment under three characters
        Assert.Empty(Search(tier, ann, new AssetQuery { Ocr = "closing" }));
        Assert.Equal(ids, Search(tier, ann, new AssetQuery { Ocr = " " })); // blank: no filter, as in the metadata search
    }

    [Fact]
    public async Task Both_smart_searches_take_the_ocr_filter_over_http()
    {
        await using var server = await TestServer.StartAsync();
        ClipTestModel.Install(server.Options.ModelsRoot);
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        (byte, byte, byte)[] colours = [(230, 20, 20), (230, 120, 20), (20, 20, 230)]; // red, orange, blue
        var ids = new List<string>();
        foreach (var (colour, i) in colours.Select((c, i) => (c, i)))
        {
            var (status, id, _) = await owner.UploadAsync(SolidJpeg.Of(320, 240, colour), $"colour{i}.jpg");
            Assert.Equal(HttpStatusCode.Created, status);
            ids.Add(id);
        }
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(owner, TimeSpan.FromMinutes(2));
        var database = server.Services.GetRequiredService<Database>();
        using (var db = database.Open())
        {
            var ocr = server.Services.GetRequiredService<OcrStore>();
            ocr.Replace(db, ids[0], [Line("Receipt")]);
            ocr.Replace(db, ids[2], [Line("Parking receipt")]);
        }

        var all = await owner.PostAsJsonAsync("/api/v1/search", new { queryAssetId = ids[0] });
        Assert.Equal([ids[0], ids[1], ids[2]], Ids((await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")));
        var own = await owner.PostAsJsonAsync("/api/v1/search", new { queryAssetId = ids[0], ocr = "receipt" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal([ids[0], ids[2]], Ids((await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")));
        var immich = await owner.CallAsync(HttpMethod.Post, "/api/search/smart", new { queryAssetId = ids[0], ocr = "parking" },
            HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal([ids[2]], Ids(immich.GetProperty("assets").GetProperty("items")));
    }

    private static List<string> Search(ServiceTier tier, PiVault.Server.Features.Auth.Caller caller, AssetQuery filters) =>
        tier.Get<SmartSearchService>().Search(caller, "a receipt", null, filters, 1, 100).Items.ConvertAll(a => a.Asset.Id);

    private static List<string?> Ids(JsonElement items) => [.. items.EnumerateArray().Select(a => a.GetProperty("id").GetString())];

    private static OcrLine Line(string text) => new(new Quad(new Vector2(0.1f, 0.1f), new Vector2(0.9f, 0.1f), new Vector2(0.9f, 0.2f), new Vector2(0.1f, 0.2f)), 0.9f, 0.95f, text);

    /// <summary>A unit vector <paramref name="degrees"/> from <paramref name="query"/>, turned towards a fixed orthogonal direction.</summary>
    private static float[] Towards(float[] query, double degrees)
    {
        var axis = new float[query.Length];
        axis[0] = 1;
        var along = query[0];
        var other = ClipImage.Normalise([.. axis.Select((x, d) => x - along * query[d])]);
        var (cos, sin) = ((float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180));
        return ClipImage.Normalise([.. query.Select((q, d) => q * cos + other[d] * sin)]);
    }
}
