using PiVault.Hardware.Button;

namespace PiVault.Server.Health.Hardware;

/// <summary>
/// Starts the button with the server, logs every press and every change of its state to the journal, and keeps the
/// count and the last press for the health report. <see cref="Pressed"/> is where a feature that acts on presses
/// (backup rotation) subscribes.
/// </summary>
public sealed partial class ButtonWatcher(IButton button, ILoggerFactory loggers) : IHostedService
{
    /// <summary>The journal shows "Hardware: button: …" (the short category).</summary>
    public const string LogCategory = "PiVault.Hardware";

    private readonly ILogger logger = loggers.CreateLogger(LogCategory);
    private readonly Lock gate = new();
    private ButtonPress? last;
    private long presses;

    /// <summary>Raised on the button's thread after the press was counted and logged.</summary>
    public event Action<ButtonPress>? Pressed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        button.Pressed += OnPressed;
        button.StatusChanged += OnStatusChanged;
        if (button.Status.Line is null)
        {
            LogNotConfigured(logger);
        }
        button.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        button.Pressed -= OnPressed;
        button.StatusChanged -= OnStatusChanged;
        button.Dispose();
        return Task.CompletedTask;
    }

    public ButtonDto Current()
    {
        var status = button.Status;
        lock (gate)
        {
            return new ButtonDto(status.State.ToString().ToLowerInvariant(), status.Chip, status.Line, status.Detail, presses, last?.At,
                last?.Kind.Word(), last is { } p ? (long)p.Held.TotalMilliseconds : null);
        }
    }

    private void OnPressed(ButtonPress press)
    {
        long count;
        lock (gate)
        {
            last = press;
            count = ++presses;
        }
        var kind = press.Kind.Word();
        var heldMs = (long)press.Held.TotalMilliseconds;
        LogPress(logger, kind, heldMs, count);
        try
        {
            Pressed?.Invoke(press);
        }
        catch (Exception e)
        {
            // A subscriber's failure is its own: the button keeps watching and the next press is delivered.
            LogHandlerFailed(logger, e);
        }
    }

    private void OnStatusChanged(ButtonStatus status)
    {
        var state = status.State.ToString().ToLowerInvariant();
        if (status.State is ButtonState.Busy or ButtonState.Error)
        {
            LogTrouble(logger, state, status.Detail);
        }
        else
        {
            LogState(logger, state, status.Detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "button: press ({Kind}), held {HeldMs} ms, press {Count} since start")]
    private static partial void LogPress(ILogger logger, string kind, long heldMs, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "button: {State}: {Detail}")]
    private static partial void LogState(ILogger logger, string state, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "button: {State}: {Detail}; PiVault keeps running and tries again")]
    private static partial void LogTrouble(ILogger logger, string state, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "button: none configured")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "button: a press handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);
}
