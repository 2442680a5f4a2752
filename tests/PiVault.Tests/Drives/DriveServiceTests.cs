using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Drives;
using PiVault.Tests.Appliance;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Drives;

/// <summary>
/// The drives API over HTTP with lsblk's view swapped for recorded samples and systemd for the stand-in on a private
/// dbus-daemon: the registry and last-seen times, the typed confirmations, the one-shot token and the D-Bus calls.
/// </summary>
public sealed class DriveServiceTests
{
    private const string RootFs = "9b2e1c4d-0a7f-4c55-8e3b-2f6d1a9c7e40";
    private const string Spare = "7d0e5c1b-2a3f-4b6c-9d8e-0f1a2b3c4d5e";
    private const string Spare2 = "1e2d3c4b-5a69-4788-96a5-b4c3d2e1f000";

    private sealed class Devices(string json) : IBlockDevices
    {
        public string Json { get; set; } = json;

        public IReadOnlyList<BlockDevice> List() => Lsblk.Parse(Json);
    }

    private sealed record World(TestServer Server, HttpClient Admin, Devices Devices, StandInServices Systemd, ManualTime Time) : IAsyncDisposable
    {
        public DriveService Drives => Server.Services.GetRequiredService<DriveService>();

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Server.DisposeAsync();
        }
    }

    private static async Task<World> StartAsync(PrivateBus? bus, StandInServices? systemd, string json = LsblkSamples.Pi5)
    {
        var devices = new Devices(json);
        var time = new ManualTime(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
        var server = await TestServer.StartAsync(o => o with { SystemBus = bus?.Address }, time, overrides: s => s.AddSingleton<IBlockDevices>(devices));
        var admin = server.Client(await server.BootstrapAdminAsync());
        return new World(server, admin, devices, systemd!, time);
    }

    [Fact]
    public async Task Attached_file_systems_are_registered_and_stay_listed_with_their_last_seen_time_when_unplugged()
    {
        await using var world = await StartAsync(null, null);

        var first = await world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/drives");
        world.Time.Advance(TimeSpan.FromHours(2));
        world.Devices.Json = LsblkSamples.ThisMachine;
        var later = await world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/drives");

        var nvme = Drive(first, LsblkSamples.NvmeUuid);
        Assert.Equal(("/dev/nvme0n1p1", "WD Blue SN580 500GB", "pivault-hot", "ext4", true), (nvme.GetProperty("device").GetString(),
            nvme.GetProperty("model").GetString(), nvme.GetProperty("label").GetString(), nvme.GetProperty("fileSystem").GetString(), nvme.GetProperty("attached").GetBoolean()));
        Assert.Equal(480000000000, nvme.GetProperty("freeBytes").GetInt64());
        Assert.Equal(4, first.GetProperty("drives").GetArrayLength());
        var disks = first.GetProperty("disks").EnumerateArray().ToDictionary(d => d.GetProperty("device").GetString()!, d => d.GetProperty("confirmation").GetString());
        Assert.Equal("sda", disks["/dev/sda"]);
        Assert.Equal("Samsung SSD 870 1000 GB", disks["/dev/sdb"]);
        Assert.Null(disks["/dev/mmcblk0"]);
        Assert.Null(disks["/dev/nvme0n1"]);
        var gone = Drive(later, LsblkSamples.NvmeUuid);
        Assert.False(gone.GetProperty("attached").GetBoolean());
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("device").ValueKind);
        Assert.Equal(nvme.GetProperty("lastSeen").GetDateTimeOffset(), gone.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), gone.GetProperty("lastSeen").GetDateTimeOffset());
    }

    [Fact]
    public async Task Prepare_needs_the_typed_confirmation_then_writes_a_one_shot_token_and_starts_the_helper_unit()
    {
        using var bus = await PrivateBus.StartAsync();
        using var systemd = await StandInServices.StartAsync(bus);
        await using var world = await StartAsync(bus, systemd);

        var missing = await (await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sdb" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var wrong = await (await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sda", confirmation = "ST2000LM015-2E8174 2000 GB" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/nvme0n1", confirmation = "nvme0n1" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sdb1", confirmation = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sdq", confirmation = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(systemd.Calls);

        var empty = await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sdb", confirmation = " samsung ssd 870  1000 gb ", role = "backup" });

        Assert.Contains("type exactly: Samsung SSD 870 1000 GB", missing, StringComparison.Ordinal);
        Assert.Contains("type exactly: sda. It holds data", wrong, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, empty.StatusCode);
        Assert.Equal("pivault-prepare@dev-sdb.service", (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unit").GetString());
        var token = PrepareToken.Parse(await File.ReadAllTextAsync(Path.Combine(world.Drives.ConfirmationsDir, "sdb.token")))!;
        Assert.Equal(("/dev/sdb", 1000204886016L, false, "pivault-backup"), (token.Device, token.SizeBytes, token.EraseData, token.Label));
        Assert.Equal(
            [new ReceivedCall("org.freedesktop.systemd1", "org.freedesktop.systemd1.Manager", "StartUnit", "ss", ["pivault-prepare@dev-sdb.service", "replace"])],
            systemd.Calls.ToList(), Comparer);

        var erase = await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sda", confirmation = "/dev/sda" });
        Assert.Equal(HttpStatusCode.Accepted, erase.StatusCode);
        Assert.True(PrepareToken.Parse(await File.ReadAllTextAsync(Path.Combine(world.Drives.ConfirmationsDir, "sda.token")))!.EraseData);
    }

    [Fact]
    public async Task A_refused_helper_start_or_system_changes_turned_off_leave_no_token()
    {
        using var bus = await PrivateBus.StartAsync();
        using var systemd = await StandInServices.StartAsync(bus);
        systemd.Refuse["StartUnit"] = (SystemBusException.AccessDenied, "Interactive authentication required.");
        await using (var world = await StartAsync(bus, systemd))
        {
            var refused = await (await world.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sda", confirmation = "sda" }))
                .AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("Interactive authentication required.", refused, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(world.Drives.ConfirmationsDir, "sda.token")));
        }
        await using (var off = await StartAsync(null, null))
        {
            var detail = await (await off.Admin.PostAsJsonAsync("/api/v1/admin/drives/prepare", new { device = "/dev/sda", confirmation = "sda" }))
                .AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("turned off", detail, StringComparison.Ordinal);
            Assert.False(Directory.Exists(off.Drives.ConfirmationsDir));
        }
    }

    [Fact]
    public async Task A_role_writes_the_drive_table_reloads_systemd_and_starts_the_mount_unit()
    {
        using var bus = await PrivateBus.StartAsync();
        using var systemd = await StandInServices.StartAsync(bus);
        await using var world = await StartAsync(bus, systemd, WithSpares());
        await world.Admin.GetAsync("/api/v1/admin/drives");

        var hot = await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{LsblkSamples.NvmeUuid}/role", new { role = "hot" })).Content.ReadFromJsonAsync<JsonElement>();
        var backup = await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare}/role", new { role = "backup" });
        var backup2 = await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare2}/role", new { role = "backup" });

        Assert.Contains("next time PiVault starts", Assert.Single(hot.GetProperty("systemWarnings").EnumerateArray()).GetString(), StringComparison.Ordinal); // no system change failed
        Assert.Equal("/srv/pivault/hot", Drive(hot.GetProperty("drives"), LsblkSamples.NvmeUuid).GetProperty("mountPoint").GetString());
        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, backup2.StatusCode);
        Assert.Equal(DriveTable.Format([new("hot", LsblkSamples.NvmeUuid), new("backup1", Spare), new("backup2", Spare2)]), await File.ReadAllTextAsync(world.Drives.TablePath));
        Assert.Equal(["Reload()", "StartUnit(srv-pivault-hot.mount, replace)", "Reload()", "StartUnit(srv-pivault-backup1.mount, replace)",
            "Reload()", "StartUnit(srv-pivault-backup2.mount, replace)"], systemd.Calls.Select(c => $"{c.Member}({string.Join(", ", c.Arguments)})"));

        systemd.Calls.Clear();
        var moved = await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare}/role", new { role = "hot" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("none", Drive(moved.GetProperty("drives"), LsblkSamples.NvmeUuid).GetProperty("role").GetString());
        // A mounted backup drive keeps its slot: backup2 stays backup2.
        Assert.Equal(DriveTable.Format([new("hot", Spare), new("backup2", Spare2)]), await File.ReadAllTextAsync(world.Drives.TablePath));
        Assert.Equal(["StopUnit(srv-pivault-backup1.mount, replace)", "Reload()", "StartUnit(srv-pivault-hot.mount, replace)"],
            systemd.Calls.Select(c => $"{c.Member}({string.Join(", ", c.Arguments)})"));

        systemd.Calls.Clear();
        await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare2}/role", new { role = "none" });
        Assert.Equal(["StopUnit(srv-pivault-backup2.mount, replace)", "Reload()"], systemd.Calls.Select(c => $"{c.Member}({string.Join(", ", c.Arguments)})"));
    }

    [Fact]
    public async Task The_hot_role_says_the_library_moves_at_the_next_start_and_the_drive_holding_it_keeps_the_role()
    {
        await using var world = await StartAsync(null, null, WithSpares());
        await world.Admin.GetAsync("/api/v1/admin/drives");

        var hot = await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{LsblkSamples.NvmeUuid}/role", new { role = "hot" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("move onto this drive the next time PiVault starts", Assert.Single(hot.GetProperty("systemWarnings").EnumerateArray()).GetString(), StringComparison.Ordinal);

        // As the next start leaves it (LibraryRelocation): <data>/library is a link to the library on the drive.
        var onDrive = TempDir.Create();
        try
        {
            var library = world.Server.Options.LibraryDir;
            if (Directory.Exists(library))
            {
                Directory.Delete(library, recursive: true);
            }
            Directory.CreateSymbolicLink(library, onDrive);

            var away = await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{LsblkSamples.NvmeUuid}/role", new { role = "cold" })).AssertProblemAsync(HttpStatusCode.Conflict);
            var other = await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare}/role", new { role = "hot" })).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("does not move the library off it again", away, StringComparison.Ordinal);
            Assert.Contains("does not move the library off it again", other, StringComparison.Ordinal);
            var again = await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{LsblkSamples.NvmeUuid}/role", new { role = "hot" });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Empty((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("systemWarnings").EnumerateArray()); // nothing moves again
            Assert.Equal(HttpStatusCode.OK, (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare}/role", new { role = "backup" })).StatusCode);
        }
        finally
        {
            TempDir.Delete(onDrive);
        }
    }

    [Fact]
    public async Task Roles_are_refused_for_other_file_systems_the_system_disk_unknown_drives_and_unknown_roles()
    {
        using var bus = await PrivateBus.StartAsync();
        using var systemd = await StandInServices.StartAsync(bus);
        await using var world = await StartAsync(bus, systemd);
        await world.Admin.GetAsync("/api/v1/admin/drives");

        var ntfs = await (await world.Admin.PutAsJsonAsync("/api/v1/admin/drives/01D9F5A1B2C3D4E5/role", new { role = "backup" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var root = await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{RootFs}/role", new { role = "cold" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{Spare}/role", new { role = "hot" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await world.Admin.PutAsJsonAsync($"/api/v1/admin/drives/{LsblkSamples.NvmeUuid}/role", new { role = "library" })).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("ntfs", ntfs, StringComparison.Ordinal);
        Assert.Contains("in use at /", root, StringComparison.Ordinal);
        Assert.Empty(systemd.Calls);
        Assert.False(File.Exists(world.Drives.TablePath));
    }

    /// <summary>The Pi 5 sample with two more ext4 partitions on the NTFS drive's disk.</summary>
    private static string WithSpares()
    {
        const string ntfs = """
            {"name":"sda1","path":"/dev/sda1","size":2000396836864,"type":"part","fstype":"ntfs","uuid":"01D9F5A1B2C3D4E5","label":"Photos 2019","model":null,"serial":null,"tran":null,"mountpoint":null,"fsavail":null,"pttype":"gpt"}
            """;
        var spares = $$"""
            {"name":"sda1","path":"/dev/sda1","size":1000000000000,"type":"part","fstype":"ext4","uuid":"{{Spare}}","label":"pivault-backup","mountpoint":null},
            {"name":"sda2","path":"/dev/sda2","size":1000000000000,"type":"part","fstype":"ext4","uuid":"{{Spare2}}","label":"pivault-backup","mountpoint":null}
            """;
        Assert.Contains(ntfs, LsblkSamples.Pi5, StringComparison.Ordinal);
        return LsblkSamples.Pi5.Replace(ntfs, spares, StringComparison.Ordinal);
    }

    private static readonly IEqualityComparer<ReceivedCall> Comparer = EqualityComparer<ReceivedCall>.Create(
        (a, b) => a!.ToString() == b!.ToString() && a.Service == b.Service && a.Signature == b.Signature, c => c.ToString().GetHashCode(StringComparison.Ordinal));

    private static JsonElement Drive(JsonElement list, string uuid) =>
        (list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("drives")).EnumerateArray().Single(d => d.GetProperty("uuid").GetString() == uuid);
}
