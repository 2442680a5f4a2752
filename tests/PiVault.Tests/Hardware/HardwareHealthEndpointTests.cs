using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Hardware.Button;
using PiVault.Hardware.Fakes;
using PiVault.Server.Configuration;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>The button and the status LED in GET /api/v1/system/health, over real HTTP, with the server's own wiring.</summary>
public sealed class HardwareHealthEndpointTests
{
    [Fact]
    public async Task A_press_shows_in_the_health_report_and_the_led_is_driven_then_handed_back()
    {
        var root = TempDir.Create();
        var tree = new FakeSysfsTree(root).IdlePi4().Led("ACT", "none timer [heartbeat]");
        var button = new FakeButton(new ButtonStatus(ButtonState.Ok, "pinctrl-bcm2711", "GPIO17", "watching line 17 (GPIO17) of pinctrl-bcm2711 (gpiochip0)"));
        var server = await TestServer.StartAsync(o => o with { HealthRoot = root }, overrides: s => s.AddSingleton<IButton>(button));
        try
        {
            var admin = await server.BootstrapAdminAsync();
            using var client = server.Client(admin);
            var at = DateTimeOffset.UtcNow;

            button.Press(new ButtonPress(at, PressKind.ShortPress, TimeSpan.FromMilliseconds(180)));
            var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health");

            var shown = health.GetProperty("button");
            Assert.Equal("ok", shown.GetProperty("state").GetString());
            Assert.Equal("pinctrl-bcm2711", shown.GetProperty("chip").GetString());
            Assert.Equal("GPIO17", shown.GetProperty("line").GetString());
            Assert.Equal(1, shown.GetProperty("presses").GetInt64());
            Assert.Equal(at, shown.GetProperty("lastPressAt").GetDateTimeOffset());
            Assert.Equal("short", shown.GetProperty("lastPressKind").GetString());
            Assert.Equal(180, shown.GetProperty("lastPressHeldMs").GetInt64());

            var led = health.GetProperty("led");
            Assert.Equal(("ok", "ACT"), (led.GetProperty("state").GetString(), led.GetProperty("name").GetString()));
            Assert.Contains(led.GetProperty("pattern").GetString(), new[] { "working", "ready" }); // working while starting, then ready
            await WaitFor(() => tree.Read("sys/class/leds/ACT/trigger").Trim() == "none" && tree.Read("sys/class/leds/ACT/brightness").Trim() == "1");
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.Equal("heartbeat", tree.Read("sys/class/leds/ACT/trigger").Trim());
        TempDir.Delete(root);
    }

    [Fact]
    public async Task Without_gpio_hardware_the_button_is_absent_and_a_refused_line_is_an_error_and_the_server_runs()
    {
        var root = TempDir.Create();
        var flags = new Dictionary<string, string> { ["button-chip"] = "9030000.pl061", ["button-line"] = "3" };
        var buttonOptions = OptionsLoader.Load(flags, _ => null).Button with { RetryEvery = TimeSpan.FromMilliseconds(100) };
        await using var server = await TestServer.StartAsync(o => o with { HealthRoot = root, Button = buttonOptions });
        try
        {
            var admin = await server.BootstrapAdminAsync();
            using var client = server.Client(admin);

            var absent = await WaitForButton(client, "absent");
            Assert.StartsWith("no GPIO chips", absent.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, absent.GetProperty("presses").GetInt64());
            Assert.Equal(JsonValueKind.Null, absent.GetProperty("lastPressAt").ValueKind);
            var led = (await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health")).GetProperty("led");
            Assert.Equal(("absent", "off"), (led.GetProperty("state").GetString(), led.GetProperty("pattern").GetString()));

            new FakeSysfsTree(root).GpioChip(0, "9030000.pl061", 8); // a "chip" the kernel refuses: ENOTTY
            var error = await WaitForButton(client, "error");
            Assert.StartsWith("cannot request line 3 of 9030000.pl061 (gpiochip0)", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(root);
        }
    }

    private static async Task<JsonElement> WaitForButton(HttpClient client, string state)
    {
        JsonElement button = default;
        await WaitFor(async () =>
        {
            button = (await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health")).GetProperty("button");
            return button.GetProperty("state").GetString() == state;
        });
        return button;
    }

    private static Task WaitFor(Func<bool> condition) => WaitFor(() => Task.FromResult(condition()));

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(50);
        }
    }
}
