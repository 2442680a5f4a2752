namespace PiVault.Server.Health.Hardware;

/// <summary>
/// The push button in GET /api/v1/system/health: what is configured, whether it is there (<see cref="State"/>: absent,
/// ok, busy or error, with <see cref="Detail"/> saying why), and the presses since the server started.
/// </summary>
public sealed record ButtonDto(string State, string? Chip, string? Line, string Detail, long Presses, DateTimeOffset? LastPressAt,
    string? LastPressKind, long? LastPressHeldMs);

/// <summary>The status LED: absent, ok or error; its sysfs name; and the pattern it shows (off, ready, working, attention).</summary>
public sealed record StatusLedDto(string State, string? Name, string Pattern, string Detail);
