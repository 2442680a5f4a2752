using System.Diagnostics;
using PiVault.Server.Features.Media;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>
/// Time limits, cancellation and poster scaling: a stand-in "ffprobe" script that hangs (its child's pid written to
/// a file, to check the whole tree dies), and a 2560-pixel clip made with ffmpeg for the scale-down rule.
/// </summary>
public sealed class VideoProbeLimitsTests : IDisposable
{
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task A_hanging_tool_is_killed_with_its_children_at_the_time_limit()
    {
        var (tool, pidFile) = HangingTool();
        var probe = new VideoProbe(ffprobePath: tool, timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<VideoDecodeException>(() => probe.ProbeAsync(Uploads.CorpusFile("mei/3gp/sample.3gp"), CancellationToken.None));

        Assert.Equal("hang.sh did not finish within 1 s", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        AssertGone(pidFile);
    }

    [Fact]
    public async Task Cancelling_kills_the_tool_and_surfaces_as_cancellation()
    {
        var (tool, pidFile) = HangingTool();
        var probe = new VideoProbe(ffprobePath: tool);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.ProbeAsync(Uploads.CorpusFile("mei/3gp/sample.3gp"), cancel.Token));

        AssertGone(pidFile);
    }

    [Theory]
    [InlineData(2560, 1600, 2304, 1440)]
    [InlineData(1600, 2560, 1440, 2304)]
    public async Task Posters_are_scaled_so_the_short_side_is_at_most_1440(int width, int height, int posterWidth, int posterHeight)
    {
        var path = Path.Combine(dir, $"big-{width}x{height}.mp4");
        TestClips.Make(path, width, height, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-an");
        var probe = new VideoProbe();

        var info = await probe.ProbeAsync(path, CancellationToken.None);
        var poster = await probe.PosterFrameAsync(path, info, CancellationToken.None);

        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.Equal((posterWidth, posterHeight), FfmpegImageCheck.Decode(poster));
    }

    /// <summary>A script that starts a long sleep, records the sleeper's pid and waits on it.</summary>
    private (string Tool, string PidFile) HangingTool()
    {
        var tool = Path.Combine(dir, "hang.sh");
        var pidFile = Path.Combine(dir, "child.pid");
        File.WriteAllText(tool, $"#!/bin/sh\nsleep 60 &\necho $! > '{pidFile}'\nwait\n");
        Assert.True(OperatingSystem.IsLinux(), "these tests read /proc");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return (tool, pidFile);
    }

    private static void AssertGone(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"child {pid} still runs");
    }
}
