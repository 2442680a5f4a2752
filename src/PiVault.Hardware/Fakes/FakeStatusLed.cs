using PiVault.Hardware.Led;

namespace PiVault.Hardware.Fakes;

/// <summary>An LED that remembers what it was asked to show.</summary>
public sealed class FakeStatusLed : IStatusLed
{
    public LedStatus Status { get; private set; } = new(LedState.Ok, "fake", LedPattern.Off, "a fake LED");

    public List<LedPattern> Shown { get; } = [];

    public void Start()
    {
    }

    public void Show(LedPattern pattern)
    {
        if (pattern != Status.Pattern)
        {
            Shown.Add(pattern);
            Status = Status with { Pattern = pattern };
        }
    }

    public void Dispose() => Status = Status with { Pattern = LedPattern.Off };
}
