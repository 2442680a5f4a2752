using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>
/// An upload is atomic from the user's view: its original is journalled before it is renamed into the library and the
/// entry leaves with the row, so whatever stops the server in between, start-up removes what was never acknowledged
/// and keeps everything that was. (The SIGKILL versions over both upload APIs are in Reliability/UploadCrashTests.)
/// </summary>
public sealed class UploadAtomicityTests
{
    [Fact]
    public async Task A_stored_upload_leaves_no_journal_entry_and_a_name_another_upload_has_journalled_is_not_taken()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var inFlight = $"{owner.UserId}/2026/03/a.jpg";
        Assert.True(tier.Get<UploadJournal>().TryBegin(inFlight));
        Assert.False(tier.Get<UploadJournal>().TryBegin(inFlight)); // one upload per name

        var id = tier.Upload(owner, Uploads.RandomBytes(3000, 1), "a.jpg").Id;

        Assert.Equal($"{owner.UserId}/2026/03/a+1.jpg", tier.Asset(id)!.OriginalPath);
        Assert.Equal([(inFlight, false)], Journal(tier));
    }

    [Fact]
    public async Task Start_up_removes_an_original_renamed_before_a_crash_and_keeps_every_acknowledged_one()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var kept = tier.Photo(owner, 1);
        var keptPath = tier.Asset(kept)!.OriginalPath;

        // What Store does before its transaction, and then the process dies: the original renamed, no row.
        var files = tier.Get<IFileStore>();
        var interrupted = Uploads.RandomBytes(3000, 2);
        string tempPath;
        using (var temp = files.CreateTemp())
        {
            temp.Stream.Write(interrupted);
            tempPath = temp.Path;
        }
        var renamed = files.CommitOriginal(tempPath, owner.UserId, tier.Time.GetUtcNow(), "b.jpg", tier.Get<UploadJournal>());
        using (files.CreateTemp())
        {
            // and a second upload was still arriving
        }
        Assert.Equal(new[] { keptPath, renamed }.Order(StringComparer.Ordinal), tier.LibraryFiles());

        var report = tier.Get<UploadRecovery>().Run();

        Assert.Equal(new RecoveryReport(UnacknowledgedOriginals: 1, FinishedEntries: 0, TempFiles: 1), report);
        Assert.Equal([keptPath], tier.LibraryFiles());
        Assert.Empty(files.EnumerateTemps());
        Assert.Empty(Journal(tier));
        Assert.Equal(UploadStatus.Created, tier.Upload(owner, interrupted, "b.jpg").Status); // the client sends it again
        Assert.Equal(new RecoveryReport(0, 0, 0), tier.Get<UploadRecovery>().Run());
    }

    [Fact]
    public async Task A_journal_entry_whose_row_committed_is_cleared_and_its_original_kept()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var id = tier.Photo(owner, 1);
        var path = tier.Asset(id)!.OriginalPath;
        using (var db = tier.Database.Open())
        {
            db.Execute("INSERT INTO upload_journal (original_path, started_at) VALUES ($path, 0);", ("$path", path));
        }

        Assert.Equal(new RecoveryReport(0, 1, 0), tier.Get<UploadRecovery>().Run());
        Assert.Equal([path], tier.LibraryFiles());
        Assert.Empty(Journal(tier));
    }

    [Fact]
    public async Task A_row_that_fails_to_commit_takes_its_renamed_original_and_journal_entry_with_it()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        using (var db = tier.Database.Open())
        {
            db.Execute("CREATE TRIGGER refuse_assets BEFORE INSERT ON assets BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
        }

        var e = Assert.Throws<SqliteException>(() => tier.Upload(owner, Uploads.RandomBytes(3000, 1), "a.jpg"));

        Assert.Contains("refused by the test", e.Message, StringComparison.Ordinal);
        Assert.Empty(tier.LibraryFiles());
        Assert.Empty(tier.Get<IFileStore>().EnumerateTemps());
        Assert.Empty(Journal(tier));
    }

    [Fact]
    public async Task Parallel_uploads_of_the_same_bytes_store_one_original_and_leave_the_journal_empty()
    {
        await using var tier = new ServiceTier();
        var owner = tier.CreateUser("owner");
        var bytes = Uploads.RandomBytes(3000, 1);

        var results = new UploadResultDto[8];
        Parallel.For(0, results.Length, i => results[i] = tier.Upload(owner, bytes, "same.jpg"));

        Assert.Single(results, r => r.Status == UploadStatus.Created);
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(tier.LibraryFiles());
        Assert.Empty(Journal(tier));
    }

    private static List<(string Path, bool Held)> Journal(ServiceTier tier)
    {
        using var db = tier.Database.Open();
        return UploadJournal.Entries(db);
    }
}
