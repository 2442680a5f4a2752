using PiVault.Hardware.Button;
using PiVault.Hardware.Gpio;
using PiVault.Hardware.Led;
using PiVault.Server.Configuration;
using PiVault.Server.Health.Hardware;

namespace PiVault.Server.Hosting;

/// <summary>
/// The push button and the status LED (the board's sysfs LED or an external one on a GPIO line), both under <see cref="PiVaultOptions.HealthRoot"/> (dev/gpiochip*, sys/class/leds),
/// registered as their seams so tests swap in fakes. Missing hardware is a state in the health report, never a failed start.
/// </summary>
public static class HardwareWiring
{
    public static void AddHardware(this IServiceCollection services)
    {
        services.AddSingleton<IButton>(provider =>
        {
            var options = provider.GetRequiredService<PiVaultOptions>();
            return new LinuxButton(options.HealthRoot, options.Button, new LinuxGpioChipInfoSource(options.HealthRoot),
                provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IStatusLed>(provider =>
        {
            var options = provider.GetRequiredService<PiVaultOptions>();
            return HardwareSettings.GpioLed(options.StatusLed) is var (chip, line)
                ? new GpioStatusLed(options.HealthRoot, chip, line, new LinuxGpioChipInfoSource(options.HealthRoot), provider.GetRequiredService<TimeProvider>())
                : new SysfsStatusLed(options.HealthRoot, options.StatusLed, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ButtonWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ButtonWatcher>());
        services.AddSingleton<StatusLedDriver>();
        services.AddHostedService(provider => provider.GetRequiredService<StatusLedDriver>());
    }
}
