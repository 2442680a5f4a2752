using PiVault.Server.Configuration;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Appliance;

/// <summary>The <c>system-bus</c> option: off in development, the system bus on the appliance, and each way to set it.</summary>
public sealed class SystemBusSettingTests
{
    private static PiVaultOptions Load(Dictionary<string, string> flags, Dictionary<string, string>? env = null) =>
        OptionsLoader.Load(flags, name => env?.GetValueOrDefault(name));

    [Fact]
    public void Development_leaves_the_system_alone_and_the_appliance_uses_the_system_bus()
    {
        Assert.Null(Load([]).SystemBus);
        Assert.Equal("unix:path=/run/dbus/system_bus_socket", Load(new() { ["profile"] = "appliance" }).SystemBus);
        Assert.Equal("unix:path=/run/other", Load(new() { ["profile"] = "appliance" }, new() { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/run/other" }).SystemBus);
        Assert.Null(Load(new() { ["profile"] = "appliance", ["system-bus"] = "off" }).SystemBus);
    }

    [Fact]
    public void Flag_environment_and_config_file_key_set_it_and_a_mistake_stops_start_up()
    {
        Assert.Equal("unix:path=/tmp/bus", Load(new() { ["system-bus"] = "unix:path=/tmp/bus" }).SystemBus);
        Assert.Equal("unix:path=/run/dbus/system_bus_socket", Load([], new() { ["PIVAULT_SYSTEM_BUS"] = "system" }).SystemBus);
        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "pivault.json");
            File.WriteAllText(config, """{ "systemBus": "unix:path=/tmp/file-bus" }""");
            Assert.Equal("unix:path=/tmp/file-bus", Load(new() { ["config"] = config }).SystemBus);
        }
        finally
        {
            TempDir.Delete(dir);
        }
        var mistake = Assert.Throws<OptionsException>(() => Load(new() { ["system-bus"] = "yes" }));
        Assert.Contains("'system-bus'", mistake.Message, StringComparison.Ordinal);
    }
}
