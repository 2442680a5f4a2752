using Microsoft.Extensions.Logging;
using PiVault.Hardware.Button;
using PiVault.Hardware.Fakes;
using PiVault.Server.Health.Hardware;
using PiVault.Server.Systemd;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>What a press leaves behind: one journal line, the count and the last press for the health report.</summary>
public sealed class ButtonWatcherTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_press_is_logged_as_one_journal_line_and_counted()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new CaptureProvider(log)));
        var button = new FakeButton();
        var watcher = new ButtonWatcher(button, loggers);
        var forwarded = new List<ButtonPress>();
        watcher.Pressed += forwarded.Add;
        await watcher.StartAsync(CancellationToken.None);

        button.Press(new ButtonPress(At, PressKind.ShortPress, TimeSpan.FromMilliseconds(99.5)));
        button.Press(new ButtonPress(At.AddSeconds(10), PressKind.LongPress, TimeSpan.FromSeconds(5)));

        Assert.True(button.Started);
        var lines = log.Entries.Where(e => e.Message.StartsWith("button: press", StringComparison.Ordinal)).ToList();
        Assert.Equal((LogLevel.Information, "button: press (short), held 99 ms, press 1 since start"), lines[0]);
        Assert.Equal("button: press (long), held 5000 ms, press 2 since start", lines[1].Message);
        Assert.Equal("<6>Hardware: button: press (short), held 99 ms, press 1 since start\n",
            JournalConsoleFormatter.Format(lines[0].Level, ButtonWatcher.LogCategory, lines[0].Message, null));
        Assert.Equal(new ButtonDto("ok", "fake", "0", "a fake button", 2, At.AddSeconds(10), "long", 5000), watcher.Current());
        Assert.Equal(2, forwarded.Count);

        await watcher.StopAsync(CancellationToken.None);
        button.Press(new ButtonPress(At.AddSeconds(20), PressKind.ShortPress, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(2, watcher.Current().Presses);
    }

    [Fact]
    public async Task A_busy_line_is_a_warning_naming_its_consumer_and_a_found_one_is_information()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new CaptureProvider(log)));
        var button = new FakeButton(new ButtonStatus(ButtonState.Absent, "9030000.pl061", "3", "not started"));
        var watcher = new ButtonWatcher(button, loggers);
        await watcher.StartAsync(CancellationToken.None);

        button.Change(new ButtonStatus(ButtonState.Busy, "9030000.pl061", "3", "line 3 of 9030000.pl061 (gpiochip0) is in use by 'GPIO Key Poweroff'"));
        button.Change(new ButtonStatus(ButtonState.Ok, "9030000.pl061", "3", "watching line 3 of 9030000.pl061 (gpiochip0): pull-up"));

        Assert.Contains((LogLevel.Warning, "button: busy: line 3 of 9030000.pl061 (gpiochip0) is in use by 'GPIO Key Poweroff'; PiVault keeps running and tries again"), log.Entries);
        Assert.Contains((LogLevel.Information, "button: ok: watching line 3 of 9030000.pl061 (gpiochip0): pull-up"), log.Entries);
        Assert.Equal("ok", watcher.Current().State);
    }

    private sealed class CaptureProvider(LogCapture capture) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => capture;

        public void Dispose()
        {
        }
    }
}
