using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Settings;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Appliance;

/// <summary>
/// Service tier: saving the device name and time zone applies them through the system bus (a private dbus-daemon with
/// stand-in hostnamed and timedated) after the commit; a refusal or a missing bus is a warning, never a lost setting.
/// </summary>
public sealed class SettingsSystemChangesTests
{
    [Fact]
    public async Task Saving_the_device_name_and_time_zone_applies_them_through_the_bus()
    {
        using var bus = await PrivateBus.StartAsync();
        using var services = await StandInServices.StartAsync(bus);
        await using var tier = new ServiceTier(configure: o => o with { SystemBus = bus.Address });

        var saved = await tier.Get<SettingsService>().UpdateAsync(new UpdateSettingsRequest("Europe/Berlin", " Kitchen-Pi ", false, null));

        Assert.Empty(saved.SystemWarnings);
        Assert.Equal(("kitchen-pi", "Europe/Berlin"), (saved.DeviceName, saved.TimeZone));
        Assert.Equal(
            ["SetStaticHostname(kitchen-pi, false)", "SetPrettyHostname(kitchen-pi, false)", "SetTimezone(Europe/Berlin, false)"],
            services.Calls.Select(c => $"{c.Member}({string.Join(", ", c.Arguments)})"));

        await tier.Get<SettingsService>().UpdateAsync(new UpdateSettingsRequest(null, null, true, null));
        Assert.Equal(3, services.Calls.Count); // nothing for the system in an ML switch
    }

    [Fact]
    public async Task A_refused_change_is_a_warning_and_the_setting_stays_saved()
    {
        using var bus = await PrivateBus.StartAsync();
        using var services = await StandInServices.StartAsync(bus);
        services.Refuse["SetStaticHostname"] = (SystemBusException.AccessDenied, "Access denied");
        await using var tier = new ServiceTier(configure: o => o with { SystemBus = bus.Address });
        var settings = tier.Get<SettingsService>();

        var saved = await settings.UpdateAsync(new UpdateSettingsRequest("Europe/Paris", "attic", null, null));

        Assert.Equal(["Saved, but the system's device name could not be set: Access denied"], saved.SystemWarnings);
        Assert.Equal(("attic", "Europe/Paris"), (settings.Get().DeviceName, settings.Get().TimeZone));
        Assert.Contains(services.Calls, c => c.Member == "SetTimezone"); // the time zone still went through
        Assert.Empty(settings.Get().SystemWarnings);
    }

    [Fact]
    public async Task A_missing_bus_is_a_warning_and_with_system_changes_off_nothing_is_tried()
    {
        var socket = Path.Combine(Path.GetTempPath(), "pivault-tests", Guid.NewGuid().ToString("N"), "bus");
        await using (var tier = new ServiceTier(configure: o => o with { SystemBus = "unix:path=" + socket }))
        {
            var saved = await tier.Get<SettingsService>().UpdateAsync(new UpdateSettingsRequest("UTC", null, null, null));

            var warning = Assert.Single(saved.SystemWarnings);
            Assert.StartsWith("Saved, but the system's time zone could not be set: the system bus at", warning, StringComparison.Ordinal);
            Assert.Equal("UTC", saved.TimeZone);
        }
        await using (var tier = new ServiceTier())
        {
            var saved = await tier.Get<SettingsService>().UpdateAsync(new UpdateSettingsRequest("UTC", "pivault", null, null));

            Assert.Null(tier.Options.SystemBus);
            Assert.Empty(saved.SystemWarnings);
        }
    }
}
