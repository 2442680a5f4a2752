using PiVault.Server.Pipeline;

namespace PiVault.Tests.Pipeline;

/// <summary>The ML queues' shared inference slots: how many run at once, and whose turn the next free one is.</summary>
public sealed class MlSlotsTests
{
    private readonly SteppedClock clock = new();

    [Fact]
    public void No_more_than_the_capacity_run_at_once_and_a_returned_slot_is_taken_again()
    {
        var slots = new MlSlots(clock);
        Assert.True(slots.TryTake("ocr", 2));
        Assert.True(slots.TryTake("ocr", 2)); // one step alone uses every slot: photos in parallel
        Assert.False(slots.TryTake("ocr", 2));
        Assert.Equal(2, slots.InUse);

        Assert.True(slots.Return()); // ocr's third worker waits
        Assert.True(slots.TryTake("ocr", 2));
        Assert.False(slots.TryTake("faces", 1)); // the governor halved ML: two running is already too many
    }

    [Fact]
    public void A_queue_turned_away_gets_the_next_free_slot_before_the_queue_that_just_finished()
    {
        var slots = new MlSlots(clock);
        Assert.True(slots.TryTake("ocr", 2));
        Assert.True(slots.TryTake("ocr", 2));
        Assert.False(slots.TryTake("smart-search", 2));
        Assert.False(slots.TryTake("faces", 2));

        Assert.True(slots.Return());
        Assert.False(slots.TryTake("ocr", 2)); // the OCR worker that just finished asks first, but it is not its turn
        Assert.False(slots.TryTake("faces", 2)); // nor faces': smart search was turned away before it
        Assert.True(slots.TryTake("smart-search", 2));

        Assert.True(slots.Return());
        Assert.True(slots.TryTake("faces", 2));
        Assert.True(slots.Return());
        Assert.True(slots.TryTake("ocr", 2)); // and then OCR again, which waited since it was turned away above
        Assert.False(slots.Return()); // nobody waits any more
    }

    [Fact]
    public void A_queue_that_stopped_asking_loses_its_place_and_holds_nobody_up()
    {
        var slots = new MlSlots(clock);
        Assert.True(slots.TryTake("ocr", 1));
        Assert.False(slots.TryTake("faces", 1)); // faces waits ... and then its queue is paused or empties
        slots.Return();

        Assert.False(slots.TryTake("ocr", 1)); // within the stale time faces keeps its turn
        clock.Advance(MlSlots.StaleAfter - TimeSpan.FromSeconds(1));
        Assert.False(slots.TryTake("ocr", 1));
        clock.Advance(TimeSpan.FromSeconds(2)); // faces has not asked for longer than StaleAfter: its place lapses
        Assert.True(slots.TryTake("ocr", 1));
    }

    /// <summary>A clock whose timestamps move only when told.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
