using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Server.Scheduling;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Scheduling;

/// <summary>The one periodic runner behind the trash purge, the memories and the nightly people pass, on a hand-moved clock.</summary>
public sealed class PeriodicWorkTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task It_runs_at_start_when_asked_and_then_once_per_interval(bool runAtStart, int atStart)
    {
        var time = new TimerTime(Start);
        using var work = new CountingWork(runAtStart, time, failOn: -1);
        await work.StartAsync(CancellationToken.None);
        await WaitFor(() => time.ActiveTimers == 1);
        Assert.Equal(atStart, work.Runs);

        time.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(50);
        Assert.Equal(atStart, work.Runs);
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitFor(() => work.Runs == atStart + 1);
        time.Advance(TimeSpan.FromHours(1));
        await WaitFor(() => work.Runs == atStart + 2);
        await work.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_run_that_throws_is_logged_and_the_next_tick_runs_again()
    {
        var time = new TimerTime(Start);
        using var work = new CountingWork(runAtStart: true, time, failOn: 0);
        await work.StartAsync(CancellationToken.None);
        await WaitFor(() => time.ActiveTimers == 1);
        Assert.Equal(1, work.Runs); // the run at start threw

        time.Advance(TimeSpan.FromHours(1));
        await WaitFor(() => work.Runs == 2);
        Assert.NotNull(work.ExecuteTask);
        Assert.False(work.ExecuteTask!.IsCompleted, "a failed run stopped the service");
        await work.StopAsync(CancellationToken.None);
        Assert.True(work.ExecuteTask.IsCompletedSuccessfully || work.ExecuteTask.IsCanceled);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition());
    }

    private sealed class CountingWork(bool runAtStart, TimeProvider time, int failOn)
        : PeriodicWork(TimeSpan.FromHours(1), runAtStart, time, NullLogger.Instance)
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        protected override string Name => "Counting";

        protected override void RunOnce(CancellationToken stoppingToken)
        {
            if (Interlocked.Increment(ref _runs) - 1 == failOn)
            {
                throw new InvalidOperationException("injected");
            }
        }
    }
}
