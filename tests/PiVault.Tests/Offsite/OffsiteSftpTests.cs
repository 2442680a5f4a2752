using System.Diagnostics;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Offsite;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>The off-site backup to OpenSSH's SFTP server (sshd on 127.0.0.1, throwaway keys) through the real rclone.</summary>
public sealed class OffsiteSftpTests
{
    private static readonly string[] Photos =
        ["face_recognition/biden.jpg", "face_recognition/obama.jpg", "face_recognition/two_people.jpg", "mei/jpg/Nikon_D5000.jpg"];

    [Fact]
    public async Task An_rclone_killed_mid_upload_and_a_server_stopped_mid_run_resume_to_a_consistent_copy_that_restores()
    {
        using var sftp = new SftpServer();
        await using var fixture = new OffsiteFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        foreach (var photo in Photos)
        {
            tier.Upload(owner, File.ReadAllBytes(Uploads.CorpusFile(photo)), Path.GetFileName(photo));
        }
        var total = OffsiteFixture.Originals(tier.Options.DataDir).Values.Sum(b => (long)b.Length);
        Assert.True(total > 600_000, $"the photos are {total} bytes: too few to kill an upload in the middle");
        await fixture.AddSftpAsync(sftp, "box", encrypt: false, bandwidthLimit: "400k");

        // SIGKILL rclone once it has sent about 150 kB of the photos: the run fails, the remote has no manifest yet.
        var pid = 0;
        var killed = false;
        var failed = await Assert.ThrowsAsync<OffsiteException>(() => fixture.RunAsync("box", started => pid = started, progress =>
        {
            if (!killed && progress.Phase == OffsiteBackup.Uploading && progress.Bytes > 150_000)
            {
                killed = true;
                Process.GetProcessById(pid).Kill(); // SIGKILL
            }
        }));
        Assert.True(killed);
        Assert.Contains("Uploading to box failed", failed.Message, StringComparison.Ordinal);
        var current = Path.Combine(sftp.Root, "current");
        Assert.False(File.Exists(Path.Combine(current, "manifest.tsv")));
        Assert.False(File.Exists(Path.Combine(current, "pivault.db")));
        var partial = Directory.Exists(current) ? Directory.EnumerateFiles(current, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
        Assert.InRange(partial, 1, total - 1);

        // The server stopped during the next run (power cut): its row is left running; at start-up it is closed and resumed.
        var orphan = fixture.Runs.Start("box", "schedule", tier.Time.GetUtcNow());
        Assert.Equal(["box"], fixture.Runs.CloseInterrupted(tier.Time.GetUtcNow()));
        Assert.Equal(BackupRunStore.Failed, fixture.Runs.Last("box")!.Outcome);
        Assert.True(fixture.Runs.Last("box")!.Id == orphan);

        var resumed = await fixture.RunAsync("box");
        Assert.Equal(BackupRunStore.Succeeded, resumed.Outcome);
        var staged = Directory.EnumerateFiles(fixture.Paths.Layout("box").Root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(resumed.BytesUploaded, 1, staged); // each file at most once: nothing sent twice
        Assert.Empty(Directory.EnumerateFiles(sftp.Root, "*" + BackupLayout.TempSuffix, SearchOption.AllDirectories));

        var (code, _, error, restored) = fixture.Restore("box");
        Assert.True(code == 0, error);
        var before = OffsiteFixture.Originals(tier.Options.DataDir);
        var after = OffsiteFixture.Originals(restored);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, o => Assert.Equal(o.Value, after[o.Key]));
        Assert.Equal(OffsiteFixture.Household(tier.Options.DatabasePath), OffsiteFixture.Household(Path.Combine(restored, "pivault.db")));
    }

    [Fact]
    public async Task Encrypted_on_sftp_no_plaintext_reaches_the_server_and_cryptcheck_finds_a_damaged_file()
    {
        using var sftp = new SftpServer();
        await using var fixture = new OffsiteFixture();
        var tier = fixture.Tier;
        var owner = tier.CreateUser("owner");
        tier.Upload(owner, File.ReadAllBytes(Uploads.CorpusFile(Photos[0])), "biden.jpg");
        tier.Photo(owner, 2);
        // The largest file, so the one damaged below: an original, which the next run stages unchanged.
        Assert.Equal(UploadStatus.Created, tier.Upload(owner, Uploads.RandomBytes(3 * 1024 * 1024, 3), "large.jpg").Status);
        await fixture.AddSftpAsync(sftp, "vault", encrypt: true);
        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("vault")).Outcome);

        var files = Directory.EnumerateFiles(sftp.Root, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count >= 7);
        var originals = OffsiteFixture.Originals(tier.Options.DataDir);
        Assert.All(files, f => Assert.DoesNotContain(Path.GetRelativePath(sftp.Root, f).Split('/').Skip(1),
            part => part.Contains("library", StringComparison.Ordinal) || part.Contains(".jpg", StringComparison.Ordinal) || part.Contains("pivault", StringComparison.Ordinal)));
        var contents = files.Select(File.ReadAllBytes).ToList();
        Assert.All(originals.Values, o => Assert.DoesNotContain(contents, c => c.AsSpan().IndexOf(o.AsSpan(o.Length / 2, 32)) >= 0));

        // Bit rot on the server: one byte of the largest encrypted file flipped, its size and time unchanged, so the next
        // run's upload has no reason to send it again, and only cryptcheck's hashes can tell. (Damage that changes the
        // time is simply replaced by that upload; the database snapshot, new every run, is sent again whenever its time
        // moved on, which made this test depend on the clock when the snapshot was the largest file.)
        var victim = files.OrderByDescending(f => new FileInfo(f).Length).First();
        var written = File.GetLastWriteTimeUtc(victim);
        var bytes = await File.ReadAllBytesAsync(victim);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(victim, bytes);
        File.SetLastWriteTimeUtc(victim, written);
        var failed = await Assert.ThrowsAsync<OffsiteVerificationException>(() => fixture.RunAsync("vault"));
        Assert.Contains("did not match", failed.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(victim));

        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("vault")).Outcome);
        var (code, _, error, restored) = fixture.Restore("vault");
        Assert.True(code == 0, error);
        var after = OffsiteFixture.Originals(restored);
        Assert.All(originals, o => Assert.Equal(o.Value, after[o.Key]));
    }

    [Fact]
    public async Task The_sftp_host_key_is_confirmed_and_pinned_and_a_run_against_a_changed_key_fails_saying_so()
    {
        using var sftp = new SftpServer();
        await using var fixture = new OffsiteFixture();
        var tier = fixture.Tier;
        tier.Photo(tier.CreateUser("owner"), 1);
        var port = sftp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // What the admin is shown: the server's key, with the fingerprint ssh-keygen gives for it.
        var shown = await fixture.Remotes.HostKeys.ScanAsync("127.0.0.1", sftp.Port, CancellationToken.None);
        var key = Assert.Single(shown);
        Assert.Equal(("ssh-ed25519", sftp.HostKeyFingerprint), (key.Type, key.Fingerprint));

        // Not confirmed, or confirmed a key the server does not show: refused, nothing written.
        OffsiteRemoteRequest Request(string? fingerprint) => new("box", OffsiteKind.Sftp,
            new() { ["host"] = "127.0.0.1", ["port"] = port, ["user"] = SftpServer.User, ["path"] = sftp.Root },
            new() { ["key_pem"] = sftp.PrivateKey }, false, null, null, null, null, null, fingerprint);
        var unconfirmed = await Assert.ThrowsAsync<Server.Http.ApiException>(() => fixture.Remotes.AddAsync(Request(null), CancellationToken.None));
        Assert.Contains("hostKeyFingerprint", unconfirmed.Message, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<Server.Http.ApiException>(() =>
            fixture.Remotes.AddAsync(Request("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), CancellationToken.None));
        Assert.Contains(sftp.HostKeyFingerprint, wrong.Message, StringComparison.Ordinal);
        Assert.Null(fixture.Store.Find("box"));

        // Confirmed: the key goes to a known_hosts file only the service user reads, rclone is pointed at it, the run succeeds.
        await fixture.Remotes.AddAsync(Request(sftp.HostKeyFingerprint), CancellationToken.None);
        var knownHosts = fixture.Remotes.HostKeys.KnownHostsPath("box");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(knownHosts));
        Assert.Contains(File.ReadAllText(Path.Combine(sftp.Folder, "host.pub")).Split(' ')[1], await File.ReadAllTextAsync(knownHosts), StringComparison.Ordinal);
        Assert.Contains($"known_hosts_file = {knownHosts}", await File.ReadAllTextAsync(fixture.Paths.ConfigPath), StringComparison.Ordinal);
        Assert.Equal(BackupRunStore.Succeeded, (await fixture.RunAsync("box")).Outcome);

        // The server comes back with another key: the run fails with the host-key sentence, and the health page says it.
        sftp.ReplaceHostKey();
        tier.Time.Advance(TimeSpan.FromHours(1));
        var failed = await Assert.ThrowsAsync<OffsiteException>(() => fixture.RunAsync("box"));
        Assert.Contains("no longer shows the host key confirmed", failed.Message, StringComparison.Ordinal);
        var status = new OffsiteStatusDto([fixture.Remotes.Dto(fixture.Store.Find("box")!)], null, null, null, OffsiteScheduler.OverdueDays);
        var warning = Server.Health.OffsiteWarnings.For(status)!;
        Assert.Equal(Server.Health.HealthWarnings.Warning, warning.Level);
        Assert.Contains("no longer shows the host key confirmed", warning.Detail, StringComparison.Ordinal);

        // Removing the remote removes its pinned key.
        fixture.Remotes.Remove("box");
        Assert.False(File.Exists(knownHosts));
    }
}
