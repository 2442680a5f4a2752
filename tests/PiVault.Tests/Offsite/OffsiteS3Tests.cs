using System.Text;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Offsite;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>The off-site backup to a real S3 server (s3rver on 127.0.0.1) through the real rclone.</summary>
public sealed class OffsiteS3Tests
{
    private static readonly string[] Photos = ["face_recognition/biden.jpg", "face_recognition/obama.jpg", "exiftool-t-images/Canon.jpg"];

    [Fact]
    public async Task A_full_run_uploads_the_drive_layout_and_incremental_runs_upload_new_photos_and_keep_deleted_ones_for_the_retention()
    {
        using var s3 = new S3Server();
        await using var fixture = new OffsiteFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var ids = Photos.Select(p => Upload(tier, owner, p)).ToList();
        var created = await fixture.AddS3Async(s3, "plain", encrypt: false, retentionDays: 2);
        Assert.Null(created.EncryptionPassword);

        var first = await fixture.RunAsync("plain");
        Assert.Equal((BackupRunStore.Succeeded, 3), (first.Outcome, first.FilesOnRemote));
        // The remote holds the drive backup's layout: originals and sidecars under library/, the database, the manifest.
        var paths = ids.Select(id => tier.Asset(id)!.OriginalPath).ToList();
        var expected = paths.SelectMany(p => new[] { $"plain/current/library/{p}", $"plain/current/library/{p}.xmp" })
            .Concat(["plain/current/backup.json", "plain/current/manifest.tsv", "plain/current/pivault.db"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, s3.Keys());
        foreach (var path in paths)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(tier.Options.LibraryDir, path)), await File.ReadAllBytesAsync(ObjectFile(s3, $"plain/current/library/{path}")));
        }
        Assert.Equal(await File.ReadAllBytesAsync(fixture.Paths.Layout("plain").ManifestPath), await File.ReadAllBytesAsync(ObjectFile(s3, "plain/current/manifest.tsv")));
        Assert.True(first.BytesUploaded >= paths.Sum(p => new FileInfo(Path.Combine(tier.Options.LibraryDir, p)).Length));

        // A new photo and a deleted one: only the new one (its sidecar, the database, the manifest) goes up; the deleted stays.
        var added = tier.Photo(owner, 7);
        tier.Get<AssetService>().DeletePermanently(owner, ids[0]);
        tier.Time.Advance(TimeSpan.FromHours(1));
        var second = await fixture.RunAsync("plain");
        Assert.Equal(BackupRunStore.Succeeded, second.Outcome);
        Assert.Contains($"plain/current/library/{tier.Asset(added)!.OriginalPath}", s3.Keys());
        Assert.Contains($"plain/current/library/{paths[0]}", s3.Keys());
        // The photo, its sidecar, the database, the manifest, backup.json, plus the server-side copies of the replaced three into deleted/ (rclone counts those as transfers); never the old photos again.
        Assert.InRange(second.FilesUploaded, 4, 8);
        Assert.DoesNotContain(s3.Keys(), k => k.StartsWith("plain/deleted/", StringComparison.Ordinal) && k.Contains(paths[1], StringComparison.Ordinal));

        // After the retention the deleted original leaves current/ for deleted/<date>/; after it again, that folder is purged.
        tier.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("plain")).Outcome);
        var day = tier.Time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain($"plain/current/library/{paths[0]}", s3.Keys());
        Assert.Contains($"plain/deleted/{day}/library/{paths[0]}", s3.Keys());
        tier.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("plain")).Outcome);
        Assert.DoesNotContain(s3.Keys(), k => k.StartsWith($"plain/deleted/{day}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_crypt_the_remote_holds_no_plaintext_and_a_restore_brings_back_every_byte_album_and_person()
    {
        using var s3 = new S3Server();
        await using var fixture = new OffsiteFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var ids = Photos.Select(p => Upload(tier, owner, p)).Append(tier.Photo(other, 3)).ToList();
        tier.Get<AlbumService>().Create(owner, new CreateAlbumRequest("Harbour walk", "the coast", [ids[0], ids[2]]));
        using (var db = tier.Database.Open())
        {
            db.Execute("INSERT INTO people (id, owner_id, name, created_at, updated_at) VALUES ('p-ana', $owner, 'Ana Lindqvist', 0, 0);", ("$owner", owner.UserId));
        }
        var created = await fixture.AddS3Async(s3, "sealed", encrypt: true);
        Assert.True(created.EncryptionPassword is { Length: >= 32 }, "a generated password is shown once");
        Assert.Contains("cannot be read", created.Warning, StringComparison.Ordinal);
        Assert.DoesNotContain(created.EncryptionPassword!, await File.ReadAllTextAsync(fixture.Paths.ConfigPath), StringComparison.Ordinal); // stored obscured

        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("sealed")).Outcome);

        // No plaintext up there: no name of a file or folder, no run of an original's bytes, no database header.
        var originals = OffsiteFixture.Originals(tier.Options.DataDir);
        // (Encrypted names are base32: a short plain part such as "03" could occur in one by chance, so only names of 6+ characters, and ".xmp".)
        var names = originals.Keys.SelectMany(p => p.Split('/')).Where(n => n.Length >= 6).Concat(["library", "manifest", "pivault", "backup.json", ".xmp"]).ToList();
        Assert.All(s3.Keys(), key => Assert.DoesNotContain(names, n => key.Split('/').Skip(1).Any(part => part.Contains(n, StringComparison.OrdinalIgnoreCase))));
        var objects = s3.ObjectFiles().Select(File.ReadAllBytes).ToList();
        Assert.True(objects.Count >= 11);
        foreach (var original in originals.Values)
        {
            var window = original.AsSpan(original.Length / 2, 32).ToArray();
            Assert.DoesNotContain(objects, o => o.AsSpan().IndexOf(window) >= 0);
        }
        Assert.DoesNotContain(objects, o => o.AsSpan().IndexOf("SQLite format 3"u8) >= 0 || o.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Harbour walk")) >= 0);

        var before = OffsiteFixture.Household(tier.Options.DatabasePath);
        var (code, output, error, restored) = fixture.Restore("sealed");
        Assert.True(code == 0, error);
        Assert.Contains("4 originals", output, StringComparison.Ordinal);
        Assert.Equal(before, OffsiteFixture.Household(Path.Combine(restored, "pivault.db")));
        Assert.Contains(before, l => l.Contains("Ana Lindqvist", StringComparison.Ordinal));
        Assert.Contains(before, l => l.Contains("Harbour walk", StringComparison.Ordinal));
        var after = OffsiteFixture.Originals(restored);
        Assert.Equal(originals.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(originals, o => Assert.Equal(o.Value, after[o.Key]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(restored)!, ".pivault-offsite-restore-*")); // the download is gone
    }

    [Fact]
    public async Task Verification_finds_an_original_damaged_on_the_remote_names_it_and_the_next_run_repairs_it()
    {
        using var s3 = new S3Server();
        await using var fixture = new OffsiteFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var ids = Photos.Select(p => Upload(tier, owner, p)).ToList();
        await fixture.AddS3Async(s3, "damaged", encrypt: false);
        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("damaged")).Outcome);

        // Same size, one byte flipped, the stored MD5 left as it was: only reading the bytes back can tell.
        var victim = tier.Asset(ids[1])!.OriginalPath;
        var file = ObjectFile(s3, $"damaged/current/library/{victim}");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x55;
        await File.WriteAllBytesAsync(file, bytes);

        var failed = await Assert.ThrowsAsync<OffsiteVerificationException>(() => fixture.RunAsync("damaged"));
        Assert.Contains($"library/{victim}", failed.Message, StringComparison.Ordinal);
        Assert.Equal(BackupRunStore.Failed, fixture.Runs.Last("damaged")!.Outcome);
        Assert.DoesNotContain($"damaged/current/library/{victim}", s3.Keys()); // removed, so the next run uploads it again

        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("damaged")).Outcome);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(tier.Options.LibraryDir, victim)), await File.ReadAllBytesAsync(ObjectFile(s3, $"damaged/current/library/{victim}")));
    }

    private static string ObjectFile(S3Server s3, string key) => Path.Combine(s3.DataDir, S3Server.Bucket, key + "._S3rver_object");

    private static string Upload(ServiceTier tier, Server.Features.Auth.Caller owner, string corpus) =>
        tier.Upload(owner, File.ReadAllBytes(Uploads.CorpusFile(corpus)), Path.GetFileName(corpus)).Id;
}
