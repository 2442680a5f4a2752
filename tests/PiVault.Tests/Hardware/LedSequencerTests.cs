using PiVault.Hardware.Led;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>The pattern engine: phases in order with their durations, replacement at once, no timer while steady.</summary>
public sealed class LedSequencerTests
{
    private readonly SteppedTime time = new();
    private readonly List<(TimeSpan At, bool On)> writes = [];
    private readonly DateTimeOffset start;

    public LedSequencerTests() => start = time.GetUtcNow();

    private LedSequencer Sequencer() => new(on => writes.Add((time.GetUtcNow() - start, on)), time);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void A_sequence_plays_each_phase_for_its_time_and_repeats()
    {
        using var led = Sequencer();
        led.Play([new(true, Ms(100)), new(false, Ms(200)), new(true, Ms(100)), new(false, Ms(1000))]);

        time.Advance(Ms(1450));

        Assert.Equal([(Ms(0), true), (Ms(100), false), (Ms(300), true), (Ms(400), false), (Ms(1400), true)], writes);
    }

    [Fact]
    public void Working_blinks_half_a_second_on_and_off_from_the_one_table()
    {
        using var led = Sequencer();
        led.Play(LedBlink.Of(LedPattern.Working));

        time.Advance(Ms(1999));

        Assert.Equal([(Ms(0), true), (Ms(500), false), (Ms(1000), true), (Ms(1500), false)], writes);
        Assert.Equal((500, 500), LedBlink.PlainBlink(LedBlink.Of(LedPattern.Working)));
        Assert.Null(LedBlink.PlainBlink(LedBlink.Of(LedPattern.Ready)));
    }

    [Fact]
    public void A_new_pattern_replaces_the_old_at_once_and_a_steady_one_leaves_no_timer()
    {
        using var led = Sequencer();
        led.Play(LedBlink.Of(LedPattern.Attention));
        time.Advance(Ms(150));

        led.Play(LedBlink.Of(LedPattern.Off));
        time.Advance(Ms(10_000));

        Assert.Equal([(Ms(0), true), (Ms(100), false), (Ms(150), false)], writes);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public void A_failing_led_ends_the_sequence_and_says_why_and_dispose_stops_it()
    {
        var fail = false;
        using var led = new LedSequencer(on =>
        {
            if (fail)
            {
                throw new IOException("No such device");
            }
            writes.Add((time.GetUtcNow() - start, on));
        }, time);
        led.Play(LedBlink.Of(LedPattern.Working));
        fail = true;
        time.Advance(Ms(600));

        Assert.Equal("No such device", led.Failure?.Message);
        Assert.Equal(0, time.PendingTimers);

        fail = false;
        led.Play(LedBlink.Of(LedPattern.Working));
        led.Dispose();
        time.Advance(Ms(5000));
        Assert.Null(led.Failure);
        Assert.Equal([(Ms(0), true), (Ms(600), true)], writes);
    }
}
