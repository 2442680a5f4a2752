using Microsoft.Data.Sqlite;
using PiVault.Server.Cli;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>Backup, then a wiped data folder, then <c>pivault restore</c>: the same household comes back.</summary>
public sealed class BackupRestoreTests
{
    private static readonly string[] Photos = ["exiftool-t-images/Canon.jpg", "exiftool-t-images/Apple.jpg", "exiftool-t-images/GPS.jpg", "exiftool-t-images/PNG.png"];

    [Fact]
    public async Task Backup_wipe_and_restore_bring_back_the_same_assets_albums_and_bytes()
    {
        await using var fixture = new BackupFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        var other = tier.CreateUser("other");
        var ids = Photos.Select(p => fixture.CorpusPhoto(owner, p)).ToList();
        var theirs = fixture.CorpusPhoto(other, "exiftool-t-images/Casio.jpg");
        var album = tier.Get<AlbumService>().Create(owner, new CreateAlbumRequest("Trip", "the coast", [ids[0], ids[2]]));
        await tier.RunJobsAsync(); // thumbnails drawn (by the fake), so the restore has something to redraw
        var assetsBefore = Assets(tier, owner).Concat(Assets(tier, other)).ToList();
        var albumsBefore = Albums(tier.Database);
        var originalsBefore = BackupFixture.Files(tier.Options.LibraryDir).Where(p => !p.StartsWith(".tmp", StringComparison.Ordinal))
            .ToDictionary(p => p, p => BackupFixture.Sha1Hex(Path.Combine(tier.Options.LibraryDir, p)), StringComparer.Ordinal);

        var report = await fixture.BackupAsync();
        Assert.Equal((BackupReport.Succeeded, 5, 5), (report.Result, report.FilesCopied, report.FilesOnBackup));
        Assert.Equal(10, report.FilesVerified); // the 5 originals and their 5 XMP sidecars

        var restored = MigratedTemplate.NewFolder(); // the wiped data folder: empty
        var (code, output, error) = Restore("--from", fixture.Target, "--data-dir", restored);
        Assert.True(code == 0, error);
        Assert.Contains("5 originals", output, StringComparison.Ordinal);

        // The command queued the redraw at the real time: this server's clock starts after it, so those jobs are due.
        await using var after = new ServiceTier(new ManualTime(DateTimeOffset.UtcNow.AddMinutes(1)), existingDataDir: restored);
        Assert.Equal(assetsBefore, Assets(after, owner).Concat(Assets(after, other)).ToList());
        Assert.Equal(albumsBefore, Albums(after.Database));
        Assert.Contains(after.Get<AlbumService>().List(owner), a => a.Id == album.Id && a.Name == "Trip" && a.AssetCount == 2);
        var originalsAfter = after.LibraryFiles().ToDictionary(p => p, p => BackupFixture.Sha1Hex(Path.Combine(restored, "library", p)), StringComparer.Ordinal);
        Assert.Equal(originalsBefore, originalsAfter);
        foreach (var path in originalsBefore.Keys)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(tier.Options.LibraryDir, path)), await File.ReadAllBytesAsync(Path.Combine(restored, "library", path)));
        }

        // No thumbnails came back: each is marked not done and queued, and the pipeline draws it on the next start.
        Assert.All(ids.Append(theirs), id => Assert.Null(after.Asset(id)!.ThumbnailsAt));
        await after.RunJobsAsync();
        Assert.All(ids.Append(theirs), id => Assert.NotNull(after.Asset(id)!.ThumbnailsAt));
        Assert.Equal(5, Directory.EnumerateFiles(Path.Combine(restored, "thumbs"), "*-thumbnail.webp", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task Restore_refuses_a_data_folder_that_is_not_empty()
    {
        await using var fixture = new BackupFixture();
        fixture.Tier.Photo(fixture.Tier.CreateUser("owner"), 1);
        await fixture.BackupAsync();
        var occupied = MigratedTemplate.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(occupied, "keep-me.txt"), "mine");
        try
        {
            var (code, _, error) = Restore("--from", fixture.Target, "--data-dir", occupied);
            Assert.Equal(1, code);
            Assert.Equal($"pivault: restore failed: The data folder {occupied} is not empty: restore only into an empty or new folder.", error.Trim());
            Assert.Equal(["keep-me.txt"], BackupFixture.Files(occupied));
        }
        finally
        {
            TempDir.Delete(occupied);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_backup_whose_file_does_not_match_its_hash_and_leaves_nothing_behind()
    {
        await using var fixture = new BackupFixture();
        var owner = fixture.Tier.CreateUser("owner");
        fixture.Tier.Photo(owner, 1);
        fixture.Tier.Photo(owner, 2);
        await fixture.BackupAsync();
        var victim = fixture.BackupFiles()[1];
        FlipOneByte(Path.Combine(fixture.BackupRoot, "library", victim));
        var restored = Path.Combine(MigratedTemplate.Root, Guid.NewGuid().ToString("N")); // does not exist yet

        var (code, _, error) = Restore("--from", fixture.BackupRoot, "--data-dir", restored);

        Assert.Equal(1, code);
        Assert.StartsWith($"pivault: restore failed: {victim} on the backup has SHA-1 ", error, StringComparison.Ordinal);
        Assert.Contains("restore refused", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(restored)); // what the failed restore wrote is gone: run it again once fixed
    }

    internal static void FlipOneByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The one-shot command as Program.cs runs it, in process.</summary>
    private static (int Code, string Output, string Error) Restore(params string[] args)
    {
        var commandLine = CommandLine.Parse(["restore", .. args]);
        var options = OptionsLoader.Load(commandLine.Flags, _ => null);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = RestoreCommand.RunAsync(options, commandLine, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    private static List<(string Id, string Checksum, string Name, long Size)> Assets(ServiceTier tier, Server.Features.Auth.Caller owner) =>
        tier.Get<AssetService>().ListTimeline(owner, null, null).Items.Select(a => (a.Id, a.Checksum, a.OriginalFileName, a.FileSize))
            .OrderBy(a => a.Id, StringComparer.Ordinal).ToList();

    private static List<string> Albums(Database database)
    {
        using var db = database.Open();
        return db.Query(
            "SELECT al.id || ' ' || al.name || ' ' || coalesce(aa.asset_id, '-') FROM albums al LEFT JOIN album_assets aa ON aa.album_id = al.id ORDER BY 1;",
            (SqliteDataReader r) => r.GetString(0));
    }
}
