using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;
using PiVault.Hardware.Button;
using PiVault.Hardware.Gpio;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>
/// The reader that runs on a line fd, fed real 48-byte records through a pipe and a file: the same poll/read code the
/// chip's line fd goes through (only the ioctl that makes the fd needs a kernel with GPIO).
/// </summary>
public sealed class GpioEventReaderTests
{
    /// <summary>What QEMU virt's PL061 line 3 gave for two <c>system_powerdown</c> pulses: rising, then falling 99.5 ms later.</summary>
    private static readonly GpioLineEvent[] TwoPulses =
    [
        new(5_000_000_000, GpioEdge.Rising, 3, 1, 1),
        new(5_099_500_000, GpioEdge.Falling, 3, 2, 2),
        new(9_000_000_000, GpioEdge.Rising, 3, 3, 3),
        new(9_099_500_000, GpioEdge.Falling, 3, 4, 4),
    ];

    [Fact]
    public async Task Records_split_across_writes_to_a_pipe_arrive_whole_and_in_order()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var readEnd = new SafeFileHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        var bytes = TwoPulses.SelectMany(GpioUapi.EncodeEvent).ToArray();
        var writer = Task.Run(async () =>
        {
            await using var write = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
            var at = 0;
            foreach (var chunk in new[] { 10, 60, 48, 30, bytes.Length - 148 }) // cuts inside records
            {
                write.Write(bytes, at, chunk);
                write.Flush();
                at += chunk;
                await Task.Delay(30);
            }
        });
        var events = new List<GpioLineEvent>();

        var end = GpioEventReader.Run(readEnd, events.Add, CancellationToken.None, out var error);
        await writer;

        Assert.Equal(ReaderEnd.EndOfStream, end);
        Assert.Null(error);
        Assert.Equal(TwoPulses, events);
    }

    [Fact]
    public void A_file_of_records_reads_to_its_end()
    {
        var dir = TempDir.Create();
        try
        {
            var path = Path.Combine(dir, "events");
            File.WriteAllBytes(path, TwoPulses.SelectMany(GpioUapi.EncodeEvent).Concat(new byte[20]).ToArray()); // a torn last record is dropped
            using var file = File.OpenHandle(path);
            var events = new List<GpioLineEvent>();

            Assert.Equal(ReaderEnd.EndOfStream, GpioEventReader.Run(file, events.Add, CancellationToken.None, out _));
            Assert.Equal(TwoPulses, events);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task An_idle_line_stops_within_a_poll_interval_when_asked()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var readEnd = new SafeFileHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var started = DateTime.UtcNow;

        var end = await Task.Run(() => GpioEventReader.Run(readEnd, _ => { }, stop.Token, out _, pollMilliseconds: 50));

        Assert.Equal(ReaderEnd.Stopped, end);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Pulses_through_the_reader_and_the_classifier_are_two_short_presses()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var readEnd = new SafeFileHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        var writer = Task.Run(() =>
        {
            using var write = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
            write.Write(TwoPulses.SelectMany(GpioUapi.EncodeEvent).ToArray());
        });
        var classifier = new PressClassifier(activeHigh: true, TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(30));
        var presses = new List<(PressKind Kind, TimeSpan Held)>();

        GpioEventReader.Run(readEnd, e => { if (classifier.Feed(e) is { } p) { presses.Add(p); } }, CancellationToken.None, out _);
        await writer;

        Assert.Equal([(PressKind.ShortPress, TimeSpan.FromMilliseconds(99.5)), (PressKind.ShortPress, TimeSpan.FromMilliseconds(99.5))], presses);
    }
}
