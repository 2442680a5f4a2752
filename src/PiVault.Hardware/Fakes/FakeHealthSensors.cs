using PiVault.Hardware.Health;

namespace PiVault.Hardware.Fakes;

/// <summary>Sensors whose reading the caller sets: for tests and for machines without a Pi's sysfs.</summary>
public sealed class FakeHealthSensors(HealthReading? reading = null) : IHealthSensors
{
    public HealthReading Current { get; set; } = reading ?? new HealthReading();

    public HealthReading Read() => Current;
}
