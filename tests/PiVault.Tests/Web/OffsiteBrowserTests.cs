using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Tests.Offsite;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// The admin page's "Off-site backup" in headless chromium against a real s3rver on 127.0.0.1 and the real rclone: add an
/// encrypted S3 remote through the form (its password shown once), back up now, see the last good copy's date (also on
/// the health page), change the schedule in place, refuse a bad window, remove it — each step checked against the API too.
/// </summary>
public sealed class OffsiteBrowserTests
{
    [Fact]
    public async Task The_admin_adds_an_s3_remote_backs_up_sees_the_good_copy_edits_the_schedule_and_removes_it()
    {
        using var s3 = new S3Server();
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        await client.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile("face_recognition/obama.jpg")), "obama.jpg");

        var page = await session.LogInAsync();
        await page.GotoAsync("/admin");
        var offsite = page.GetByTestId("offsite");
        await Expect(offsite).ToContainTextAsync("No off-site remote yet");

        // Add: S3-compatible, encrypted with a generated password, which is shown this once.
        await offsite.GetByLabel("Name", new() { Exact = true }).FillAsync("cloud");
        await offsite.GetByLabel("Kind").SelectOptionAsync("s3");
        await offsite.GetByLabel("Endpoint URL (optional)").FillAsync(s3.Endpoint);
        await offsite.GetByLabel("Access key ID").FillAsync(S3Server.Key);
        await offsite.GetByLabel("Secret access key").FillAsync(S3Server.Key);
        await offsite.GetByLabel("Bucket", new() { Exact = true }).FillAsync(S3Server.Bucket);
        await offsite.GetByLabel("Folder in the bucket (optional)").FillAsync("home");
        await Expect(offsite.GetByLabel("Encrypt before it leaves this box")).ToBeCheckedAsync();
        await offsite.GetByRole(AriaRole.Button, new() { Name = "Add remote" }).ClickAsync();

        var shown = page.GetByTestId("offsite-password");
        await Expect(shown).ToContainTextAsync("if it is lost, the backup cannot be read by anyone");
        var password = await page.GetByTestId("offsite-password-value").InnerTextAsync();
        Assert.Equal(32, password.Length);
        var row = page.GetByTestId("offsite-remote-cloud");
        await Expect(row).ToContainTextAsync("S3-compatible");
        await Expect(row).ToContainTextAsync("encrypted");
        await Expect(row.GetByTestId("offsite-schedule")).ToHaveTextAsync("every 7 days");
        await Expect(row.GetByTestId("offsite-last-good")).ToHaveTextAsync("none yet");
        var remoteText = await client.GetStringAsync("/api/v1/offsite/remotes/cloud");
        Assert.DoesNotContain(password, remoteText, StringComparison.Ordinal);
        var remote = JsonDocument.Parse(remoteText).RootElement;
        Assert.True(remote.GetProperty("encrypted").GetBoolean());
        Assert.Equal(("s3", s3.Endpoint, "********"), (remote.GetProperty("kind").GetString(), remote.GetProperty("settings").GetProperty("endpoint").GetString(),
            remote.GetProperty("secrets").GetProperty("secret_access_key").GetString()));
        await shown.GetByRole(AriaRole.Button, new() { Name = "I have stored it safely" }).ClickAsync();
        await Expect(shown).ToHaveCountAsync(0);

        // Back up now: the run goes through, and the last good (verified) copy's time appears, the one the API gives.
        await row.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();
        await Expect(page.GetByTestId("offsite-message")).ToHaveTextAsync("Backing up to cloud.");
        var goodTime = row.GetByTestId("offsite-last-good").Locator("time");
        await Expect(goodTime).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(row.GetByTestId("offsite-last-run")).ToContainTextAsync("Done, verified");
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite");
        var lastGood = status.GetProperty("remotes")[0].GetProperty("lastGoodRun");
        Assert.Equal(("succeeded", "web"), (lastGood.GetProperty("outcome").GetString(), lastGood.GetProperty("trigger").GetString()));
        var finishedAt = lastGood.GetProperty("finishedAt").GetString();
        Assert.Equal(finishedAt, await goodTime.GetAttributeAsync("datetime"));
        Assert.Equal(finishedAt, status.GetProperty("newestGoodCopyAt").GetString());
        // Encrypted: the storage holds objects, none named in plain text.
        Assert.NotEmpty(s3.Keys());
        Assert.DoesNotContain(s3.Keys(), k => k.Contains("manifest", StringComparison.Ordinal) || k.Contains("library", StringComparison.Ordinal));

        // Edit the schedule in place: daily, at night, at most 512 kB/s.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit schedule" }).ClickAsync();
        var edit = page.GetByRole(AriaRole.Form, new() { Name = "Schedule of cloud" });
        await edit.GetByLabel("Back up every (days)").FillAsync("1");
        await edit.GetByLabel("Only between").FillAsync("22:00-06:00");
        await edit.GetByLabel("Bandwidth limit").FillAsync("512k");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row.GetByTestId("offsite-schedule")).ToHaveTextAsync("every day, 22:00-06:00, at most 512k/s");
        await Expect(edit).ToHaveCountAsync(0);
        remote = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite/remotes/cloud");
        Assert.Equal((24, "22:00-06:00", "512k"), (remote.GetProperty("intervalHours").GetInt32(), remote.GetProperty("window").GetString(),
            remote.GetProperty("bandwidthLimit").GetString()));

        // A window that is not one: the server's sentence shows, nothing changes.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit schedule" }).ClickAsync();
        await edit.GetByLabel("Only between").FillAsync("late");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(offsite.GetByRole(AriaRole.Alert)).ToContainTextAsync("window:");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        remote = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite/remotes/cloud");
        Assert.Equal("22:00-06:00", remote.GetProperty("window").GetString());

        // The health page shows the date of the last good off-site copy.
        await page.GotoAsync("/admin/health");
        await Expect(page.GetByTestId("offsite-health").Locator("time")).ToHaveAttributeAsync("datetime", finishedAt!);
        await Expect(page.GetByTestId("offsite-health")).ToContainTextAsync("today");

        // Remove, once confirmed: gone from the page, the API and the credentials file; the copy on the storage stays.
        await page.GotoAsync("/admin");
        string? question = null;
        void Accept(object? sender, IDialog dialog)
        {
            question = dialog.Message;
            _ = dialog.AcceptAsync();
        }
        page.Dialog += Accept;
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(offsite).ToContainTextAsync("No off-site remote yet");
        page.Dialog -= Accept;
        Assert.Contains("the copy already on the storage stays", question, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/offsite/remotes/cloud")).StatusCode);
        var config = await File.ReadAllTextAsync(Path.Combine(session.Server.Options.DataDir, "offsite", "rclone.conf"));
        Assert.DoesNotContain("[cloud]", config, StringComparison.Ordinal);
        Assert.NotEmpty(s3.Keys());
    }

    [Fact]
    public async Task On_a_fresh_box_the_wizard_restores_from_an_off_site_backup_shows_the_progress_and_comes_back_at_the_login()
    {
        using var s3 = new S3Server();
        await OffsiteSetupRestoreTests.BackUpAnOldBoxAsync(s3);
        var web = Path.Combine(Uploads.RepoRoot, "web", "dist");
        var dataDir = TempDir.Create();
        await using var chromium = await Chromium.LaunchAsync();
        try
        {
            Uri address;
            IPage page;
            await using (var fresh = await TestServer.StartAsync(o => o with { WebDir = web }, dataDir: dataDir))
            {
                address = fresh.BaseAddress;
                page = await chromium.NewPageAsync(address);
                await page.GotoAsync("/");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the admin account" })).ToBeVisibleAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Restore from an off-site backup" }).ClickAsync();

                // The admin's remote form, the same fields; then the backup's encryption password.
                var form = page.GetByTestId("restore-form");
                await form.GetByLabel("Name", new() { Exact = true }).FillAsync("cloud");
                await form.GetByLabel("Kind").SelectOptionAsync("s3");
                await form.GetByLabel("Endpoint URL (optional)").FillAsync(s3.Endpoint);
                await form.GetByLabel("Access key ID").FillAsync(S3Server.Key);
                await form.GetByLabel("Secret access key").FillAsync(S3Server.Key);
                await form.GetByLabel("Bucket", new() { Exact = true }).FillAsync(S3Server.Bucket);
                await form.GetByLabel("Folder in the bucket (optional)").FillAsync("home");
                await Expect(form.GetByLabel("The backup is encrypted")).ToBeCheckedAsync();
                await form.GetByLabel("Encryption password").FillAsync("a long household passphrase");
                await form.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();

                // Progress, then the restart: the service stops itself.
                var progress = page.GetByTestId("restore-progress");
                await Expect(progress).ToBeVisibleAsync();
                await Expect(progress).ToContainTextAsync("Restored 2 photos and videos. PiVault is restarting", new() { Timeout = 120_000 });
                await OffsiteSetupRestoreTests.WaitForStopAsync(fresh.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>());
            }

            // systemd's restart, on the same address: the page notices and comes back at the login; the old admin gets in.
            await using var restored = await TestServer.StartAsync(o => o with { WebDir = web, Urls = address.GetLeftPart(UriPartial.Authority) }, dataDir: dataDir);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.FillAsync("#email", TestServer.AdminEmail);
            await page.FillAsync("#password", TestServer.Password);
            await page.ClickAsync("button:has-text('Log in')");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos" })).ToBeVisibleAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDir.Delete(dataDir);
        }
    }

    [Fact]
    public async Task The_admin_adds_an_sftp_remote_only_after_confirming_the_host_key_it_shows()
    {
        using var sftp = new SftpServer();
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var page = await session.LogInAsync();
        await page.GotoAsync("/admin");
        var offsite = page.GetByTestId("offsite");
        await offsite.GetByLabel("Name", new() { Exact = true }).FillAsync("nas");
        await offsite.GetByLabel("Kind").SelectOptionAsync("sftp");
        await offsite.GetByLabel("Host", new() { Exact = true }).FillAsync("127.0.0.1");
        await offsite.GetByLabel("Port (optional)").FillAsync(sftp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await offsite.GetByLabel("User", new() { Exact = true }).FillAsync(SftpServer.User);
        await offsite.GetByLabel("Private key (PEM) (optional)").FillAsync(sftp.PrivateKey);
        await offsite.GetByLabel("Folder on the server (optional)").FillAsync(sftp.Root);
        await offsite.GetByLabel("Encrypt before it leaves this box").UncheckAsync();

        // Without the key confirmed the server refuses; the key shown is the one ssh-keygen gives on the server.
        await offsite.GetByRole(AriaRole.Button, new() { Name = "Add remote" }).ClickAsync();
        await Expect(offsite.GetByRole(AriaRole.Alert)).ToContainTextAsync("hostKeyFingerprint");
        var hostKey = page.GetByTestId("offsite-host-key");
        await hostKey.GetByRole(AriaRole.Button, new() { Name = "Check the server’s key" }).ClickAsync();
        await Expect(hostKey).ToContainTextAsync($"ssh-ed25519 {sftp.HostKeyFingerprint}");
        await hostKey.GetByLabel("This is my server’s key").CheckAsync();
        await offsite.GetByRole(AriaRole.Button, new() { Name = "Add remote" }).ClickAsync();

        await Expect(page.GetByTestId("offsite-remote-nas")).ToBeVisibleAsync();
        var remote = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite/remotes/nas");
        var knownHosts = remote.GetProperty("settings").GetProperty("known_hosts_file").GetString()!;
        Assert.Contains(File.ReadAllText(Path.Combine(sftp.Folder, "host.pub")).Split(' ')[1], await File.ReadAllTextAsync(knownHosts), StringComparison.Ordinal);
    }
}
