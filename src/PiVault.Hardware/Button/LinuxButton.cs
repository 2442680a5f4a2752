using PiVault.Hardware.Gpio;

namespace PiVault.Hardware.Button;

/// <summary>
/// The button on a GPIO line through the character-device uAPI v2: finds the chip by label or line name under
/// <paramref name="root"/>, requests the line, and reads edge events on its own background thread. A missing chip,
/// a line held by another driver (EBUSY) or a refused open is a <see cref="ButtonStatus"/>, never an exception, and
/// is retried every <see cref="ButtonSettings.RetryEvery"/> (so unbinding gpio-keys frees the line for PiVault).
/// </summary>
public sealed class LinuxButton(string root, ButtonSettings settings, IGpioChipInfoSource chips, TimeProvider time) : IButton
{
    private readonly CancellationTokenSource stop = new();
    private Thread? thread;
    private int disposed;
    private volatile ButtonStatus status = new(ButtonState.Absent, settings.Chip, settings.Line,
        settings.Configured ? "not started" : "no button configured");

    public ButtonStatus Status => status;

    public event Action<ButtonPress>? Pressed;

    public event Action<ButtonStatus>? StatusChanged;

    public void Start()
    {
        if (!settings.Configured || thread is not null)
        {
            return;
        }
        thread = new Thread(Watch) { IsBackground = true, Name = "pivault-button" };
        thread.Start();
    }

    /// <summary>Stops the thread (within a poll interval) and releases the line; safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        stop.Cancel();
        thread?.Join(TimeSpan.FromSeconds(2));
        stop.Dispose();
    }

    private void Watch()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                WatchOnce();
            }
            catch (Exception e)
            {
                // The thread must outlive any surprise (a subscriber that throws included): an exception here would end the process.
                SetStatus(ButtonState.Error, $"stopped watching: {e.GetType().Name}: {e.Message}");
            }
            stop.Token.WaitHandle.WaitOne(settings.RetryEvery);
        }
    }

    /// <summary>Finds and requests the line, then reads its events until stopped or the fd fails.</summary>
    private void WatchOnce()
    {
        var where = new GpioChipFinder(root, chips).Find(settings.Chip, settings.Line!, out var why);
        if (where is null)
        {
            SetStatus(ButtonState.Absent, why);
            return;
        }
        var name = $"line {where.Offset}{(where.LineName is { } n ? $" ({n})" : "")} of {where.Chip.Label} ({where.Chip.Name})";
        try
        {
            using var chip = GpioChip.Open(where.DevicePath);
            using var line = LineRequester.Request(chip, where, settings);
            SetStatus(ButtonState.Ok, $"watching {name}: {line.Description}");
            var classifier = new PressClassifier(line.ActiveHigh, settings.LongPress, settings.MinimumPress);
            var end = GpioEventReader.Run(line.Fd, edge => Classify(classifier, edge), stop.Token, out var error);
            if (end != ReaderEnd.Stopped)
            {
                SetStatus(ButtonState.Error, $"stopped watching {name}: {error ?? "end of events"}");
            }
        }
        catch (GpioException e) when (e.Errno == GpioInterop.EBUSY)
        {
            SetStatus(ButtonState.Busy, $"{name} is in use by {GpioChip.Holder(where)}");
        }
        catch (UnauthorizedAccessException e)
        {
            SetStatus(ButtonState.Error, $"cannot open {where.DevicePath}: {e.Message} (the service user needs the gpio group)");
        }
        catch (IOException e)
        {
            SetStatus(ButtonState.Error, $"cannot request {name}: {e.Message}");
        }
    }

    private void Classify(PressClassifier classifier, GpioLineEvent edge)
    {
        if (classifier.Feed(edge) is { } press)
        {
            Pressed?.Invoke(new ButtonPress(time.GetUtcNow(), press.Kind, press.Held));
        }
    }

    private void SetStatus(ButtonState state, string detail)
    {
        var next = new ButtonStatus(state, settings.Chip, settings.Line, detail);
        if (next != status)
        {
            status = next;
            StatusChanged?.Invoke(next);
        }
    }
}
