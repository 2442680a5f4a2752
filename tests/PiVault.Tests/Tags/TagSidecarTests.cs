using System.Diagnostics;
using System.Text.Json;
using PiVault.Server.Data;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Tags;
using PiVault.Tests.Backup;

namespace PiVault.Tests.Tags;

/// <summary>
/// An asset's tags and rating in its XMP sidecar, read back with exiftool as photo software would: xmp:Rating, the tags'
/// names in dc:subject and their paths in lr:hierarchicalSubject ("Parent|Child"). The backup's sidecar carries the
/// owner's tags; an export's carries only the exporting user's own.
/// </summary>
public sealed class TagSidecarTests
{
    [Fact]
    public async Task The_backup_sidecar_carries_the_tags_and_rating_and_an_export_only_the_viewers_own_tags()
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var id = tier.Photo(owner, 1, new DateTimeOffset(2025, 7, 14, 18, 30, 5, TimeSpan.Zero));
        var tags = tier.Get<TagService>();
        foreach (var tag in tags.Upsert(owner, ["Places/Italy/Rome", "Family"]))
        {
            tags.TagAssets(owner, tag.Id, [id]);
        }
        using (var db = tier.Database.Open())
        {
            db.Execute("INSERT INTO asset_metadata (asset_id, date_source, rating) VALUES ($id, 'exif', 4);", ("$id", id));
        }
        await fixture.BackupAsync();

        var file = Path.Combine(fixture.BackupRoot, "library", XmpSidecar.PathFor(tier.Asset(id)!.OriginalPath));
        var read = Exiftool(file);
        Assert.Equal(4, read.GetProperty("Rating").GetInt32());
        Assert.Equal(["Family", "Rome"], Strings(read.GetProperty("Subject")));
        Assert.Equal(["Family", "Places|Italy|Rome"], Strings(read.GetProperty("HierarchicalSubject")));

        // Untagged and rated "rejected": the next run rewrites the sidecar without keywords.
        tags.Delete(owner, tags.List(owner).Single(t => t.Value == "Places").Id);
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE asset_metadata SET rating = -1 WHERE asset_id = $id;", ("$id", id));
        }
        await fixture.BackupAsync();
        read = Exiftool(file);
        Assert.Equal(-1, read.GetProperty("Rating").GetInt32());
        Assert.Equal(["Family"], Strings(read.GetProperty("HierarchicalSubject")));

        using (var db = tier.Database.Open())
        {
            Assert.Equal(["Family"], XmpSource.ForAsset(db, id, owner.UserId)!.Tags!);
            Assert.Empty(XmpSource.ForAsset(db, id, other.UserId)!.Tags!);
        }
    }

    private static List<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.ToString()).ToList() : [value.ToString()];

    /// <summary>exiftool's JSON for the sidecar's rating and keywords.</summary>
    private static JsonElement Exiftool(string path)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-j", "-n", "-XMP:Rating", "-XMP:Subject", "-XMP:HierarchicalSubject", path })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "exiftool did not finish");
        Assert.True(process.ExitCode == 0, errors.Result);
        using var json = JsonDocument.Parse(output);
        return json.RootElement[0].Clone();
    }
}
