using PiVault.Server.Features.Appliance;

namespace PiVault.Tests.Appliance;

/// <summary>
/// <see cref="SystemBus"/> against a real private dbus-daemon with stand-in systemd services: what arrives on the
/// bus, and how each kind of failure (a refusal, a missing service, a missing bus, a bad hostname) comes back.
/// </summary>
public sealed class SystemBusTests
{
    [Fact]
    public async Task Each_call_arrives_at_its_service_with_its_arguments()
    {
        using var bus = await PrivateBus.StartAsync();
        using var services = await StandInServices.StartAsync(bus);
        var client = new SystemBus(bus.Address);

        await client.SetHostnameAsync("pivault-kitchen");
        await client.SetTimeZoneAsync("Europe/Berlin");
        await client.PowerOffAsync();
        Assert.Equal(StandInServices.JobPath, await client.StartUnitAsync("pivault-backup1.mount"));
        Assert.Equal(StandInServices.JobPath, await client.StopUnitAsync("pivault-backup1.mount"));
        await client.ReloadAsync();

        Assert.Equal(
        [
            new ReceivedCall("org.freedesktop.hostname1", "org.freedesktop.hostname1", "SetStaticHostname", "sb", ["pivault-kitchen", "false"]),
            new ReceivedCall("org.freedesktop.hostname1", "org.freedesktop.hostname1", "SetPrettyHostname", "sb", ["pivault-kitchen", "false"]),
            new ReceivedCall("org.freedesktop.timedate1", "org.freedesktop.timedate1", "SetTimezone", "sb", ["Europe/Berlin", "false"]),
            new ReceivedCall("org.freedesktop.login1", "org.freedesktop.login1.Manager", "PowerOff", "b", ["false"]),
            new ReceivedCall("org.freedesktop.systemd1", "org.freedesktop.systemd1.Manager", "StartUnit", "ss", ["pivault-backup1.mount", "replace"]),
            new ReceivedCall("org.freedesktop.systemd1", "org.freedesktop.systemd1.Manager", "StopUnit", "ss", ["pivault-backup1.mount", "replace"]),
            new ReceivedCall("org.freedesktop.systemd1", "org.freedesktop.systemd1.Manager", "Reload", "", []),
        ], services.Calls.ToList(), CallComparer.Instance);
    }

    [Fact]
    public async Task An_error_reply_becomes_one_exception_with_the_DBus_error_name_and_reason()
    {
        using var bus = await PrivateBus.StartAsync();
        using var services = await StandInServices.StartAsync(bus);
        services.Refuse["SetTimezone"] = (SystemBusException.AccessDenied, "Permission denied");
        services.Refuse["StartUnit"] = (SystemBusException.InvalidArgs, "Unit name pivault-x.mount is not valid.");
        var client = new SystemBus(bus.Address);

        var denied = await Assert.ThrowsAsync<SystemBusException>(() => client.SetTimeZoneAsync("Europe/Berlin"));
        Assert.Equal("org.freedesktop.DBus.Error.AccessDenied", denied.ErrorName);
        Assert.Equal("Permission denied", denied.Message);
        var invalid = await Assert.ThrowsAsync<SystemBusException>(() => client.StartUnitAsync("pivault-x.mount"));
        Assert.Equal(SystemBusException.InvalidArgs, invalid.ErrorName);
        Assert.Equal("Unit name pivault-x.mount is not valid.", invalid.Message);
    }

    [Fact]
    public async Task A_service_that_is_not_on_the_bus_is_ServiceUnknown()
    {
        using var bus = await PrivateBus.StartAsync();
        using var services = await StandInServices.StartAsync(bus, without: "org.freedesktop.login1");

        var missing = await Assert.ThrowsAsync<SystemBusException>(() => new SystemBus(bus.Address).PowerOffAsync());

        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", missing.ErrorName);
        Assert.Contains("org.freedesktop.login1", missing.Message, StringComparison.Ordinal);
        Assert.Empty(services.Calls);
    }

    [Fact]
    public async Task A_bus_that_does_not_exist_is_reported_not_fatal()
    {
        var socket = Path.Combine(Path.GetTempPath(), "pivault-tests", Guid.NewGuid().ToString("N"), "bus");

        var absent = await Assert.ThrowsAsync<SystemBusException>(() => new SystemBus("unix:path=" + socket).SetTimeZoneAsync("UTC"));
        var off = await Assert.ThrowsAsync<SystemBusException>(() => new SystemBus(null).PowerOffAsync());

        Assert.Equal(SystemBusException.NoServer, absent.ErrorName);
        Assert.Contains(socket, absent.Message, StringComparison.Ordinal);
        Assert.Equal(SystemBusException.NoServer, off.ErrorName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-kitchen")]
    [InlineData("kitchen-")]
    [InlineData("kitchen_pi")]
    [InlineData("kitchen.local")]
    [InlineData("kitchen\n")]
    [InlineData("k\u00fcche")]
    public async Task A_hostname_that_is_not_an_RFC_1123_label_is_refused_before_calling(string hostname)
    {
        using var bus = await PrivateBus.StartAsync();
        using var services = await StandInServices.StartAsync(bus);

        var refused = await Assert.ThrowsAsync<SystemBusException>(() => new SystemBus(bus.Address).SetHostnameAsync(hostname));

        Assert.Equal(SystemBusException.InvalidArgs, refused.ErrorName);
        Assert.Empty(services.Calls);
    }

    [Fact]
    public void Hostnames_are_one_to_63_letters_digits_and_inner_hyphens()
    {
        Assert.True(Hostname.IsValid("a"));
        Assert.True(Hostname.IsValid("PiVault-2"));
        Assert.True(Hostname.IsValid(new string('a', 63)));
        Assert.False(Hostname.IsValid(new string('a', 64)));
        Assert.False(Hostname.IsValid("pi vault"));
    }

    /// <summary>Calls compare by value, arguments element by element.</summary>
    private sealed class CallComparer : IEqualityComparer<ReceivedCall>
    {
        public static readonly CallComparer Instance = new();

        public bool Equals(ReceivedCall? x, ReceivedCall? y) =>
            x is not null && y is not null && x.Service == y.Service && x.Interface == y.Interface && x.Member == y.Member
            && x.Signature == y.Signature && x.Arguments.SequenceEqual(y.Arguments);

        public int GetHashCode(ReceivedCall obj) => obj.Member.GetHashCode(StringComparison.Ordinal);
    }
}
