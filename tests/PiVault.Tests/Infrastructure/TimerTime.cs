namespace PiVault.Tests.Infrastructure;

/// <summary>A clock the test moves by hand whose timers fire, in order, as <see cref="Advance"/> passes their due times.</summary>
public sealed class TimerTime(DateTimeOffset start) : TimeProvider
{
    private readonly List<Timer> timers = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public int ActiveTimers
    {
        get
        {
            lock (timers)
            {
                return timers.Count(t => t.Due is not null);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        lock (timers)
        {
            timers.Add(timer);
        }
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        var end = now + by;
        while (NextDue(end) is { } timer)
        {
            now = timer.Due!.Value;
            timer.Fire();
        }
        now = end;
    }

    private Timer? NextDue(DateTimeOffset end)
    {
        lock (timers)
        {
            return timers.Where(t => t.Due is { } due && due <= end).OrderBy(t => t.Due).FirstOrDefault();
        }
    }

    private sealed class Timer(TimerTime owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            this.period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner.now + dueTime;
            return true;
        }

        public void Fire()
        {
            Due = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : Due + period;
            callback(state);
        }

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
