using PiVault.Hardware.Button;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Health.Hardware;

/// <summary>
/// What the push button does (issue 15): a short press backs up now; held 4 s or more (a long press) finishes and
/// unmounts the backup drive; held <see cref="PowerOffHold"/> or more powers the box off cleanly. The press arrives on
/// the button's thread after the release, so the work is handed to the thread pool.
/// </summary>
public sealed partial class ButtonActions(ButtonWatcher watcher, BackupRotation rotation, ILogger<ButtonActions> logger) : IHostedService
{
    public static readonly TimeSpan PowerOffHold = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        watcher.Pressed += OnPressed;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watcher.Pressed -= OnPressed;
        return Task.CompletedTask;
    }

    /// <summary>What a press means: "backup", "eject" or "power-off".</summary>
    public static string ActionFor(ButtonPress press) => press switch
    {
        { Held: var held } when held >= PowerOffHold => "power-off",
        { Kind: PressKind.LongPress } => "eject",
        _ => "backup",
    };

    /// <summary>Acts on a press; the returned task ends when the action has been taken (a backup has started, the drive is unmounted).</summary>
    public Task HandleAsync(ButtonPress press) => Task.Run(async () =>
    {
        var action = ActionFor(press);
        try
        {
            var message = action switch
            {
                "power-off" => (await rotation.PowerOffAsync()).Message,
                "eject" => (await rotation.EjectAsync()).Message,
                _ => rotation.Start("button").Message,
            };
            LogAction(logger, action, message);
        }
        catch (BackupException e)
        {
            LogRefused(logger, action, e.Message);
        }
    });

    private void OnPressed(ButtonPress press) => _ = HandleAsync(press);

    [LoggerMessage(Level = LogLevel.Information, Message = "button: {Action}: {Message}")]
    private static partial void LogAction(ILogger logger, string action, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "button: {Action} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string action, string reason);
}
