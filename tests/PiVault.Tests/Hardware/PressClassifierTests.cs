using PiVault.Hardware.Button;
using PiVault.Hardware.Gpio;

namespace PiVault.Tests.Hardware;

/// <summary>Edges to presses, timed by the kernel's event timestamps (milliseconds here, for reading).</summary>
public sealed class PressClassifierTests
{
    private static readonly TimeSpan LongPress = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan MinimumPress = TimeSpan.FromMilliseconds(30);

    private static GpioLineEvent Edge(double ms, GpioEdge edge) => new((ulong)(ms * 1_000_000), edge, 17, 0, 0);

    private static List<(PressKind Kind, TimeSpan Held)> Classify(bool activeHigh, params (double Ms, GpioEdge Edge)[] edges)
    {
        var classifier = new PressClassifier(activeHigh, LongPress, MinimumPress);
        return edges.Select(e => classifier.Feed(Edge(e.Ms, e.Edge))).OfType<(PressKind, TimeSpan)>().ToList();
    }

    [Fact]
    public void A_pi_button_to_ground_is_pressed_on_the_falling_edge_and_counted_on_release()
    {
        var presses = Classify(activeHigh: false, (1000, GpioEdge.Falling), (1250, GpioEdge.Rising));

        Assert.Equal([(PressKind.ShortPress, TimeSpan.FromMilliseconds(250))], presses);
    }

    [Fact]
    public void Held_for_the_long_press_time_or_longer_is_a_long_press()
    {
        Assert.Equal([(PressKind.LongPress, TimeSpan.FromSeconds(4))], Classify(false, (0, GpioEdge.Falling), (4000, GpioEdge.Rising)));
        Assert.Equal([(PressKind.ShortPress, TimeSpan.FromMilliseconds(3999))], Classify(false, (0, GpioEdge.Falling), (3999, GpioEdge.Rising)));
    }

    [Fact]
    public void Contact_bounce_on_press_and_on_release_makes_one_press()
    {
        var presses = Classify(false,
            (0, GpioEdge.Falling), (2, GpioEdge.Rising), (4, GpioEdge.Falling),        // bouncing in
            (300, GpioEdge.Rising), (302, GpioEdge.Falling), (305, GpioEdge.Rising));  // bouncing out

        Assert.Equal([(PressKind.ShortPress, TimeSpan.FromMilliseconds(296))], presses);
    }

    [Fact]
    public void A_release_without_a_press_and_a_repeated_press_edge_are_ignored()
    {
        var presses = Classify(false,
            (0, GpioEdge.Rising),                                                       // released at start: nothing
            (100, GpioEdge.Falling), (150, GpioEdge.Falling), (400, GpioEdge.Rising)); // a missed release in between

        Assert.Equal([(PressKind.ShortPress, TimeSpan.FromMilliseconds(300))], presses);
    }

    [Fact]
    public void An_active_high_line_like_qemus_pl061_is_pressed_on_the_rising_edge()
    {
        Assert.Equal([(PressKind.ShortPress, TimeSpan.FromMilliseconds(99.5))], Classify(true, (5000, GpioEdge.Rising), (5099.5, GpioEdge.Falling)));
        Assert.Empty(Classify(false, (5000, GpioEdge.Rising), (5099.5, GpioEdge.Falling)));
    }
}
