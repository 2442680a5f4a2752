using PiVault.Server.Features.Media;

namespace PiVault.Tests.Media;

/// <summary>Background work yields the CPU to requests: the ffmpeg/ffprobe processes the jobs start run at nice 10.</summary>
public sealed class BackgroundPriorityTests
{
    [Fact]
    public async Task Tools_run_at_the_background_nice_value()
    {
        // The shell sleeps first, so the priority is set before it starts the command that reports its own nice value
        // (field 19 of /proc/self/stat), which it inherits.
        var result = await ToolProcess.RunAsync("/bin/sh", ["-c", "sleep 0.3; cut -d' ' -f19 /proc/self/stat"], TimeSpan.FromSeconds(30), 1024, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        var nice = int.Parse(System.Text.Encoding.ASCII.GetString(result.Output).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(nice >= BackgroundPriority.Nice, $"the tool ran at nice {nice}");
    }
}
