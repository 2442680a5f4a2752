using PiVault.Hardware.Button;

namespace PiVault.Hardware.Fakes;

/// <summary>A button the test presses: <see cref="Press"/> raises <see cref="Pressed"/> as the real one does after a release.</summary>
public sealed class FakeButton(ButtonStatus? status = null) : IButton
{
    public ButtonStatus Status { get; set; } = status ?? new ButtonStatus(ButtonState.Ok, "fake", "0", "a fake button");

    public bool Started { get; private set; }

    public event Action<ButtonPress>? Pressed;

    public event Action<ButtonStatus>? StatusChanged;

    public void Start() => Started = true;

    public void Press(ButtonPress press) => Pressed?.Invoke(press);

    public void Change(ButtonStatus next)
    {
        Status = next;
        StatusChanged?.Invoke(next);
    }

    public void Dispose()
    {
    }
}
